import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../log';
import { createTicker, RUN_BUDGET_MS, type DueTask } from './ticker';

function setup(tasks: DueTask[]) {
  const clock = { now: 1_000 };
  const armed: (number | null)[] = [];
  const ticker = createTicker({ tasks, arm: (at) => armed.push(at), now: () => clock.now, logger: silentLogger });
  return { clock, armed, ticker, last: () => armed[armed.length - 1] };
}

/** A task whose run waits until the test lets it answer. */
function gatedTask(name: string) {
  let release: (next: number | null) => void = () => {};
  const runs: number[] = [];
  const task: DueTask = {
    name,
    run: (now) => {
      runs.push(now);
      return new Promise((resolve) => (release = resolve));
    },
  };
  return { task, runs, answer: (next: number | null) => release(next) };
}

describe('the ticker', () => {
  it('arms for now without running anything until the timer fires, then arms for the earliest answer', async () => {
    const a = { name: 'a', runs: 0, run: async () => (a.runs++, 5_000) };
    const b = { name: 'b', runs: 0, run: async () => (b.runs++, null) };
    const { ticker, armed, last } = setup([a, b]);
    ticker.schedule();
    expect(armed).toEqual([1_000]);
    expect(a.runs + b.runs).toBe(0);
    await ticker.tick();
    expect([a.runs, b.runs]).toEqual([1, 1]);
    expect(last()).toBe(5_000);
  });

  it('keeps a wake that lands during a run and honours it through the timer, not in the same run', async () => {
    const g = gatedTask('deliver');
    const { ticker, clock, last } = setup([g.task]);
    const done = ticker.tick();
    clock.now = 1_500;
    ticker.wake('deliver', 1_500);
    g.answer(null); // the run saw nothing more to do: without the wake it would sleep until woken
    await done;
    expect(g.runs).toEqual([1_000]);
    expect(last()).toBe(1_500);
    const again = ticker.tick();
    expect(g.runs).toEqual([1_000, 1_500]);
    g.answer(9_000);
    await again;
    expect(last()).toBe(9_000);
  });

  it('stands guard while a task runs, in case the run never ends', async () => {
    const g = gatedTask('poll');
    const { ticker, last } = setup([g.task]);
    const done = ticker.tick();
    expect(last()).toBe(1_000 + 2 * RUN_BUDGET_MS);
    g.answer(4_000);
    await done;
    expect(last()).toBe(4_000);
  });

  it('logs a task that throws and runs it again 5 s later; the other tasks go on', async () => {
    const errors: unknown[] = [];
    const failing: DueTask = { name: 'bad', run: async () => { throw new Error('bug'); } };
    const fine = { name: 'fine', runs: 0, run: async () => (fine.runs++, 60_000) };
    const clock = { now: 1_000 };
    let armed: number | null = null;
    const logger = { ...silentLogger, error: (msg: string, fields?: unknown) => void errors.push([msg, fields]) };
    const ticker = createTicker({ tasks: [failing, fine], arm: (at) => (armed = at), now: () => clock.now, logger });
    await ticker.tick();
    expect(errors).toEqual([['task failed', { task: 'bad', error: 'Error: bug' }]]);
    expect(armed).toBe(6_000);
    clock.now = 6_000;
    await ticker.tick();
    expect(errors).toHaveLength(2);
    expect(fine.runs).toBe(1);
  });

  it('a wake for later never postpones the first run of a task that has not run yet', async () => {
    const a = { name: 'a', runs: 0, run: async () => (a.runs++, null) };
    const { ticker } = setup([a]);
    ticker.wake('a', 50_000);
    await ticker.tick();
    expect(a.runs).toBe(1);
  });
});

function harness(tasks: DueTask[]) {
  const clock = { now: 1_000 };
  const armed: (number | null)[] = [];
  const logs: string[] = [];
  const ticker = createTicker({
    tasks,
    arm: (at) => armed.push(at),
    now: () => clock.now,
    logger: createLogger('debug', (l) => logs.push(l)),
  });
  return { clock, armed, logs, ticker, lastArm: () => armed.at(-1) };
}

/** A task whose results are scripted; records the times it ran at. */
function scripted(name: string, results: (number | null | Error)[]): DueTask & { ran: number[] } {
  const ran: number[] = [];
  return {
    name,
    ran,
    async run(now) {
      ran.push(now);
      const r = results.length > 1 ? results.shift()! : results[0]!;
      if (r instanceof Error) throw r;
      return r;
    },
  };
}

/** A task that stays running until released. */
function gated(name: string) {
  const ran: number[] = [];
  let release: (next: number | null) => void = () => {};
  const task: DueTask = {
    name,
    run(now) {
      ran.push(now);
      return new Promise((resolve) => (release = resolve));
    },
  };
  return { task, ran, release: (next: number | null) => release(next) };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('the ticker, as a table of due times', () => {
  it('runs every task once at the first tick and arms the earliest next due time', async () => {
    const a = scripted('a', [5_000]);
    const b = scripted('b', [3_000]);
    const c = scripted('c', [null]);
    const h = harness([a, b, c]);
    await h.ticker.tick();
    expect([a.ran, b.ran, c.ran]).toEqual([[1_000], [1_000], [1_000]]);
    expect(h.lastArm()).toBe(3_000);
  });

  it('runs only what is due', async () => {
    const a = scripted('a', [5_000]);
    const b = scripted('b', [3_000, 4_000]);
    const h = harness([a, b]);
    await h.ticker.tick();
    h.clock.now = 3_000;
    await h.ticker.tick();
    expect(a.ran).toEqual([1_000]);
    expect(b.ran).toEqual([1_000, 3_000]);
    expect(h.lastArm()).toBe(4_000);
    h.clock.now = 3_500; // a timer that fires early runs nothing and re-arms
    await h.ticker.tick();
    expect(b.ran).toHaveLength(2);
    expect(h.lastArm()).toBe(4_000);
  });

  it('disarms when no task has work', async () => {
    const h = harness([scripted('a', [null]), scripted('b', [null])]);
    await h.ticker.tick();
    expect(h.lastArm()).toBeNull();
  });

  it('wakes a task that waits for work, at once or at a time', async () => {
    const a = scripted('a', [null]);
    const h = harness([a]);
    await h.ticker.tick();
    h.clock.now = 2_000;
    h.ticker.wake('a');
    expect(h.lastArm()).toBe(2_000);
    await h.ticker.tick();
    expect(a.ran).toEqual([1_000, 2_000]);

    h.ticker.wake('a', 9_000);
    expect(h.lastArm()).toBe(9_000);
    h.ticker.wake('a', 8_000);
    expect(h.lastArm()).toBe(8_000);
    const arms = h.armed.length;
    h.ticker.wake('a', 8_500); // later than what is armed: nothing to change
    expect(h.armed).toHaveLength(arms);
    h.clock.now = 8_000;
    await h.ticker.tick();
    expect(a.ran).toEqual([1_000, 2_000, 8_000]);
  });

  it('does not postpone a task that never ran when it is woken for later', async () => {
    const a = scripted('a', [null]);
    const h = harness([a]);
    h.ticker.wake('a', 60_000);
    expect(h.lastArm()).toBe(1_000);
    await h.ticker.tick();
    expect(a.ran).toEqual([1_000]);
  });

  it('keeps a wake for later that came while the task ran', async () => {
    const g = gated('a');
    const h = harness([g.task]);
    const tick = h.ticker.tick();
    await settle();
    h.ticker.wake('a', 7_000);
    g.release(null); // the run saw no work, but work became due at 7000 meanwhile
    await tick;
    expect(h.lastArm()).toBe(7_000);
  });

  it('keeps the earlier of a wake and the run result', async () => {
    const g = gated('a');
    const h = harness([g.task]);
    const tick = h.ticker.tick();
    await settle();
    h.ticker.wake('a', 7_000);
    g.release(4_000);
    await tick;
    expect(h.lastArm()).toBe(4_000);
  });

  it('runs tasks independently: a slow one never holds up another', async () => {
    const slow = gated('slow');
    const fast = scripted('fast', [2_000]);
    const h = harness([slow.task, fast]);
    const first = h.ticker.tick();
    await settle();
    expect(fast.ran).toEqual([1_000]);
    // The slow task is still running; the fast one is due again and runs.
    expect(h.lastArm()).toBe(2_000);
    h.clock.now = 2_000;
    void h.ticker.tick();
    await settle();
    expect(fast.ran).toEqual([1_000, 2_000]);
    expect(slow.ran).toEqual([1_000]);
    slow.release(null);
    await first;
    expect(h.lastArm()).toBe(2_000);
  });

  it('logs a task that throws, retries it later, and keeps running the others', async () => {
    const bad = scripted('bad', [new Error('database is locked'), 50_000]);
    const good = scripted('good', [2_000]);
    const h = harness([bad, good]);
    await h.ticker.tick();
    expect(good.ran).toEqual([1_000]);
    expect(h.logs.map((l) => JSON.parse(l))).toMatchObject([
      { level: 'error', msg: 'task failed', task: 'bad', error: 'Error: database is locked' },
    ]);
    expect(h.lastArm()).toBe(2_000);
    h.clock.now = 2_000;
    await h.ticker.tick();
    expect(good.ran).toEqual([1_000, 2_000]);
    expect(bad.ran).toEqual([1_000]);
    h.clock.now = 6_000; // 5 s after the failure
    await h.ticker.tick();
    expect(bad.ran).toEqual([1_000, 6_000]);
    expect(h.lastArm()).toBe(2_000);
  });
});
