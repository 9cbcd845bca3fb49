/** The ticker as a table of due times: what runs when, wakes, slow and failing tasks. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { createTicker, type DueTask } from './ticker';

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
