/**
 * The due-rows loop: every task does what is due and says when it is next
 * due; the runtime arms one timer (Node) or one alarm (Workers) for the
 * earliest of those. A task that throws is logged and never stops the loop.
 */
import type { Logger } from '../log';

export interface DueTask {
  name: string;
  /** Does what is due at `now`; returns when it next has work (ms), or null for "only when woken". */
  run(now: number): Promise<number | null>;
}

/** The runtime's single timer: arm(at) replaces any earlier arming; null disarms. */
export type Arm = (at: number | null) => void;

const RETRY_AFTER_FAILURE_MS = 5_000;

export function createTicker(deps: { tasks: DueTask[]; arm: Arm; now: () => number; logger: Logger }) {
  const nextAt = new Map<string, number | null>();
  let armedAt: number | null = null;
  let running: Promise<void> | null = null;
  let rerun = false;

  function rearm() {
    let earliest: number | null = null;
    for (const at of nextAt.values()) if (at !== null && (earliest === null || at < earliest)) earliest = at;
    armedAt = earliest;
    deps.arm(earliest);
  }

  async function runOnce() {
    const now = deps.now();
    for (const task of deps.tasks) {
      const due = nextAt.get(task.name);
      if (due === null || (due !== undefined && due > now)) continue;
      try {
        nextAt.set(task.name, await task.run(now));
      } catch (err) {
        deps.logger.error('task failed', { task: task.name, error: String(err) });
        nextAt.set(task.name, deps.now() + RETRY_AFTER_FAILURE_MS);
      }
    }
  }

  const ticker = {
    /** Runs every due task (the timer/alarm handler). Concurrent calls coalesce. */
    async tick(): Promise<void> {
      if (running) {
        rerun = true;
        return running;
      }
      running = (async () => {
        do {
          rerun = false;
          await runOnce();
        } while (rerun);
        rearm();
      })().finally(() => {
        running = null;
      });
      return running;
    },

    /** Marks a task due at `at` (default now), e.g. when a new delivery row is written. */
    wake(taskName: string, at = deps.now()): void {
      const current = nextAt.get(taskName);
      if (current === undefined || current === null || at < current) nextAt.set(taskName, at);
      if (running) {
        if (at <= deps.now()) rerun = true;
        return;
      }
      if (armedAt === null || at < armedAt) {
        armedAt = at;
        deps.arm(at);
      }
    },
  };
  return ticker;
}

export type Ticker = ReturnType<typeof createTicker>;
