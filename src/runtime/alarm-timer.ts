/**
 * The Durable Object's alarm as the ticker's one timer.
 *
 * workerd keeps an alarm time in whole milliseconds (a fraction is cut off),
 * runs the handler with `Date.now()` at that time, and when the handler
 * ends deletes the stored alarm if it is for the time that just ran. The
 * ticker asks for fractional times (jittered poll times such as `…2698.69`):
 * stored as `…2698`, the alarm fired before the poll was due, the ticker
 * re-armed for `…2698.69`, that was stored as `…2698` again and deleted as
 * the finished alarm, and nothing fired any more. So every time armed here
 * is rounded up to a whole millisecond and, while a handler runs, kept later
 * than the alarm being run. All re-arming (polls, delivery retries, the
 * stall guard, retention) goes through here.
 */
export interface AlarmStorage {
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** The whole millisecond to arm for `at`, strictly after `runningSince` (the alarm being run), if any. */
export function alarmTimeFor(at: number, runningSince: number | null): number {
  const whole = Math.ceil(at);
  return runningSince !== null && whole <= runningSince ? runningSince + 1 : whole;
}

export function createAlarmTimer(storage: AlarmStorage, opts: { now: () => number; onError: (err: unknown) => void }) {
  let armedFor: number | null = null;
  let runningSince: number | null = null;

  return {
    /** The ticker's Arm: replaces any earlier alarm; null deletes it. */
    arm(at: number | null): void {
      if (at === null) {
        armedFor = null;
        storage.deleteAlarm().catch(opts.onError);
        return;
      }
      armedFor = alarmTimeFor(at, runningSince);
      storage.setAlarm(armedFor).catch(opts.onError);
    },

    /** Runs the alarm handler; alarms armed meanwhile land after the one that fired. */
    async run(handler: () => Promise<void>): Promise<void> {
      // An alarm fires at or after its time, so the later of "armed for" and "now" is never
      // earlier than the alarm being run (an instance that did not arm it knows only "now").
      runningSince = Math.max(armedFor ?? 0, Math.floor(opts.now()));
      try {
        await handler();
      } finally {
        runningSince = null;
      }
    },
  };
}
