/**
 * The due-rows loop: every task does what is due and says when it is next
 * due; the runtime arms one timer (Node) or one alarm (Workers) for the
 * earliest of those. Tasks run independently (a slow delivery batch never
 * holds up polls); a task that throws is logged and retried, never stopping
 * the loop. Every run ends and hands over to the timer (a Workers alarm
 * handler must end): work that comes due during a run, or that a bounded run
 * left, is picked up by the next firing, not by looping in the same one.
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

/**
 * How long one run of a task should keep starting new work (polls, delivery
 * attempts) before it lets what is in flight finish and returns: a Durable
 * Object alarm handler is cut off after 15 minutes of wall time.
 */
export const RUN_BUDGET_MS = 60_000;

/**
 * While a task runs, the timer stands guard this long after the run began:
 * should the process or the object die mid-run, the timer still fires and a
 * new instance picks the work up from the database.
 */
const STALLED_RUN_MS = 2 * RUN_BUDGET_MS;

interface TaskState {
  /** undefined = never run (due now); null = only when woken. */
  next: number | null | undefined;
  running: Promise<void> | null;
  startedAt: number;
  /** The earliest wake that arrived during the current run: kept aside, since the run's answer replaces `next`. */
  wokenAt: number | null;
}

export function createTicker(deps: { tasks: DueTask[]; arm: Arm; now: () => number; logger: Logger }) {
  const states = new Map<string, TaskState>();
  let armedAt: number | null = null;

  const stateOf = (name: string): TaskState => {
    let s = states.get(name);
    if (!s) {
      s = { next: undefined, running: null, startedAt: 0, wokenAt: null };
      states.set(name, s);
    }
    return s;
  };

  function rearm() {
    let earliest: number | null = null;
    for (const task of deps.tasks) {
      const s = stateOf(task.name);
      // A running task re-arms when it ends; until then the timer stands guard (STALLED_RUN_MS).
      const at = s.running ? s.startedAt + STALLED_RUN_MS : s.next === null ? null : (s.next ?? deps.now());
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    armedAt = earliest;
    deps.arm(earliest);
  }

  function start(task: DueTask, s: TaskState): Promise<void> {
    s.wokenAt = null;
    s.startedAt = deps.now();
    s.running = (async () => {
      try {
        s.next = await task.run(deps.now());
      } catch (err) {
        deps.logger.error('task failed', { task: task.name, error: String(err) });
        s.next = deps.now() + RETRY_AFTER_FAILURE_MS;
      }
      if (s.wokenAt !== null && (s.next === null || s.wokenAt < s.next)) s.next = s.wokenAt;
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
      rearm(); // for what is not running now, and to stand guard over what is
      await Promise.all(waiting);
    },

    /** Marks a task due at `at` (default now), e.g. after a new delivery row is written. */
    wake(taskName: string, at = deps.now()): void {
      const s = stateOf(taskName);
      if (s.running) {
        // Honoured when the run ends, through the timer (rearm), even if the run's answer is later.
        if (s.wokenAt === null || at < s.wokenAt) s.wokenAt = at;
        return;
      }
      // undefined (never run) already means due now, and stays so.
      if (s.next === null || (s.next !== undefined && at < s.next)) s.next = at;
      const due = s.next ?? deps.now();
      if (armedAt === null || due < armedAt) {
        armedAt = due;
        deps.arm(due);
      }
    },

    /** Arms the timer for the earliest due task without running anything (a new ticker: now). */
    schedule(): void {
      rearm();
    },
  };
}

export type Ticker = ReturnType<typeof createTicker>;
