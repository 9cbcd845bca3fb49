import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit';

/** A defer the test runs by hand. */
function manual() {
  const pending: (() => void)[] = [];
  return {
    defer: (fn: () => void) => void pending.push(fn),
    run: () => pending.splice(0).forEach((fn) => fn()),
    pending,
  };
}

describe('group commit', () => {
  it('commits what arrives before the deferred flush as one group, answering each', async () => {
    const d = manual();
    const groups: number[][] = [];
    const submit = createGroupCommit<number, string>(
      (items) => (groups.push(items), items.map((i) => `r${i}`)),
      d.defer,
    );
    const answers = [submit(1), submit(2), submit(3)];
    expect(d.pending).toHaveLength(1);
    d.run();
    expect(await Promise.all(answers)).toEqual(['r1', 'r2', 'r3']);
    const later = submit(4);
    d.run();
    expect(await later).toBe('r4');
    expect(groups).toEqual([[1, 2, 3], [4]]);
  });

  it('splits large groups', async () => {
    const d = manual();
    const groups: number[][] = [];
    const submit = createGroupCommit<number, number>((items) => (groups.push(items), items), d.defer, 2);
    const answers = [1, 2, 3, 4, 5].map(submit);
    d.run();
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5]);
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('takes each item alone when the group fails, so only the bad one fails', async () => {
    const d = manual();
    const commits: number[][] = [];
    const submit = createGroupCommit<number, number>((items) => {
      commits.push(items);
      if (items.includes(2)) throw new Error('bad item 2');
      return items.map((i) => i * 10);
    }, d.defer);
    const answers = [1, 2, 3].map((i) =>
      submit(i).then(
        (r) => ({ r }),
        (e: Error) => ({ e: e.message }),
      ),
    );
    d.run();
    expect(await Promise.all(answers)).toEqual([{ r: 10 }, { e: 'bad item 2' }, { r: 30 }]);
    expect(commits).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
