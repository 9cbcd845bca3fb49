/**
 * The due-rows loop: every task does what is due and says when it is next
 * due; the runtime arms one timer (Node) or one alarm (Workers) for the
 * earliest of those. Tasks run independently (a slow delivery batch never
 * holds up polls); a task that throws is logged and retried, never stopping
 * the loop.
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

interface TaskState {
  /** undefined = never run (due now); null = only when woken. */
  next: number | null | undefined;
  running: Promise<void> | null;
  rerun: boolean;
  /** Earliest wake that came while the task ran: its result must not overwrite it. */
  wokenAt: number | null;
}

export function createTicker(deps: { tasks: DueTask[]; arm: Arm; now: () => number; logger: Logger }) {
  const states = new Map<string, TaskState>();
  let armedAt: number | null = null;

  const stateOf = (name: string): TaskState => {
    let s = states.get(name);
    if (!s) states.set(name, (s = { next: undefined, running: null, rerun: false, wokenAt: null }));
    return s;
  };

  function rearm() {
    let earliest: number | null = null;
    for (const task of deps.tasks) {
      const s = stateOf(task.name);
      if (s.running || s.next === null) continue; // a running task re-arms when it ends
      const at = s.next ?? deps.now();
      if (earliest === null || at < earliest) earliest = at;
    }
    armedAt = earliest;
    deps.arm(earliest);
  }

  function start(task: DueTask, s: TaskState): Promise<void> {
    s.running = (async () => {
      do {
        s.rerun = false;
        let next: number | null;
        try {
          next = await task.run(deps.now());
        } catch (err) {
          deps.logger.error('task failed', { task: task.name, error: String(err) });
          next = deps.now() + RETRY_AFTER_FAILURE_MS;
        }
        const woken = s.wokenAt;
        s.wokenAt = null;
        s.next = woken === null ? next : next === null ? woken : Math.min(next, woken);
      } while (s.rerun);
    })().finally(() => {
      s.running = null;
      rearm();
    });
    return s.running;
  }

  return {
    /** Starts every due task that is not already running; resolves when all running tasks end. */
    async tick(): Promise<void> {
      const now = deps.now();
      const waiting: Promise<void>[] = [];
      for (const task of deps.tasks) {
        const s = stateOf(task.name);
        if (s.running) waiting.push(s.running);
        else if (s.next === undefined || (s.next !== null && s.next <= now)) waiting.push(start(task, s));
      }
      if (waiting.length === 0) rearm();
      await Promise.all(waiting);
    },

    /** Marks a task due at `at` (default now), e.g. after a new delivery row is written. */
    wake(taskName: string, at = deps.now()): void {
      const s = stateOf(taskName);
      if (s.running) {
        s.wokenAt = s.wokenAt === null ? at : Math.min(s.wokenAt, at);
        if (at <= deps.now()) s.rerun = true;
        return;
      }
      // A task that never ran is due now already: a later wake must not postpone it.
      if (s.next !== undefined && (s.next === null || at < s.next)) s.next = at;
      const due = s.next ?? deps.now();
      if (armedAt === null || due < armedAt) {
        armedAt = due;
        deps.arm(due);
      }
    },
  };
}

export type Ticker = ReturnType<typeof createTicker>;
