import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { createTicker, type DueTask } from '../services/ticker';
import { alarmTimeFor, createAlarmTimer, type AlarmStorage } from './alarm-timer';

/**
 * The Durable Object alarm as workerd keeps it: a whole-millisecond time;
 * a handler starts when the clock reaches it, sees that time as `now`, and
 * when it ends, an alarm stored for the time that just ran is deleted.
 */
function workerdAlarm() {
  const clock = { now: 1_000 };
  let stored: number | null = null;
  const storage: AlarmStorage = {
    setAlarm: async (at) => void (stored = Math.trunc(at)),
    deleteAlarm: async () => void (stored = null),
  };
  return {
    clock,
    storage,
    stored: () => stored,
    /** Fires the stored alarm, if any; false when none is armed. */
    async fire(handler: () => Promise<void>): Promise<boolean> {
      if (stored === null) return false;
      const scheduled = stored;
      clock.now = Math.max(clock.now, scheduled);
      await handler();
      await Promise.resolve();
      if (stored === scheduled) stored = null;
      return true;
    },
  };
}

/** A poll task due every 500 ms with a fractional jitter, as the poller answers. */
function jitteredPolls() {
  const runs: number[] = [];
  const task: DueTask = { name: 'poll', run: async (now) => (runs.push(now), now + 500 + 0.69) };
  return { task, runs };
}

describe('alarmTimeFor', () => {
  it.each([
    [2698.69, null, 2699],
    [2698, null, 2698],
    [2698.01, 2698, 2699],
    [2698, 2698, 2699],
    [1500, 2698, 2699],
    [5000.2, 2698, 5001],
  ])('arms %d while the alarm of %s runs for %d', (at, running, expected) => {
    expect(alarmTimeFor(at, running)).toBe(expected);
  });
});

describe('the ticker on the Durable Object alarm', () => {
  it('keeps re-arming itself when due times have fractions of a millisecond', async () => {
    const alarm = workerdAlarm();
    const timer = createAlarmTimer(alarm.storage, {
      now: () => alarm.clock.now,
      onError: (err) => {
        throw err;
      },
    });
    const polls = jitteredPolls();
    const ticker = createTicker({
      tasks: [polls.task],
      arm: timer.arm,
      now: () => alarm.clock.now,
      logger: silentLogger,
    });
    ticker.schedule();
    await Promise.resolve();

    for (let i = 0; i < 20; i++) expect(await alarm.fire(() => timer.run(() => ticker.tick()))).toBe(true);

    // Every firing but the first ran the poll it was armed for; the first ran at the start.
    expect(polls.runs).toHaveLength(20);
    expect(polls.runs.slice(1).every((at, i) => at - polls.runs[i]! >= 500)).toBe(true);
    expect(alarm.stored()).not.toBeNull();
  });

  it('stalls without it: the alarm truncated to the running one is dropped (the fault it fixes)', async () => {
    const alarm = workerdAlarm();
    const arm = (at: number | null) => void (at === null ? alarm.storage.deleteAlarm() : alarm.storage.setAlarm(at));
    const polls = jitteredPolls();
    const ticker = createTicker({ tasks: [polls.task], arm, now: () => alarm.clock.now, logger: silentLogger });
    ticker.schedule();

    const fired: boolean[] = [];
    for (let i = 0; i < 5; i++) fired.push(await alarm.fire(() => ticker.tick()));

    expect(polls.runs).toHaveLength(1);
    expect(fired).toEqual([true, true, false, false, false]);
  });
});
