import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
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
    const failing: DueTask = {
      name: 'bad',
      run: async () => {
        throw new Error('bug');
      },
    };
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
