import { describe, expect, it } from 'vitest';
import type { Kind } from '../../core/status';
import { planPolls, type PollUnit } from './batch-plan';

const RULES = { kinds: ['site', 'page', 'blog'] as Kind[], maxIds: 25 };
const w = (id: string, kind: Kind = 'site') => ({ id, kind });
const many = (n: number, kind: Kind, from = 0) => Array.from({ length: n }, (_, i) => w(`${kind}${from + i}`, kind));
/** A plan as [kind or 'single', ids]. */
const shape = (units: PollUnit<{ id: string; kind: Kind }>[]) =>
  units.map((u) => (u.kind === 'single' ? ['single', [u.watch.id]] : [u.resourceKind, u.watches.map((x) => x.id)]));

describe('planPolls: due watches -> batches of at most 25 per kind, the rest one by one', () => {
  it.each([
    ['nothing due', [], []],
    ['one due watch: a single GET', [w('a')], [['single', ['a']]]],
    ['two of a kind: one batch', [w('a'), w('b')], [['site', ['a', 'b']]]],
    [
      'two of different kinds: two singles',
      [w('a'), w('b', 'page')],
      [
        ['single', ['a']],
        ['single', ['b']],
      ],
    ],
    [
      'edits are never batched',
      [w('e1', 'revision'), w('e2', 'revision')],
      [
        ['single', ['e1']],
        ['single', ['e2']],
      ],
    ],
    [
      'kinds interleaved: grouped, each unit where its first watch was',
      [w('p1', 'page'), w('s1'), w('p2', 'page'), w('e1', 'revision'), w('s2'), w('b1', 'blog')],
      [
        ['page', ['p1', 'p2']],
        ['site', ['s1', 's2']],
        ['single', ['e1']],
        ['single', ['b1']],
      ],
    ],
  ] as const)('%s', (_name, due, expected) => {
    expect(shape(planPolls(due as unknown as { id: string; kind: Kind }[], RULES))).toEqual(expected);
  });

  it('60 of one kind: 25, 25, 10 in due order', () => {
    const due = many(60, 'page');
    const plan = planPolls(due, RULES);
    expect(plan.map((u) => (u.kind === 'batch' ? u.watches.length : 1))).toEqual([25, 25, 10]);
    expect(plan.flatMap((u) => (u.kind === 'batch' ? u.watches : [u.watch]))).toEqual(due);
  });

  it('26 of one kind: a batch of 25 and a single for the last', () => {
    expect(shape(planPolls(many(26, 'blog'), RULES)).map(([k, ids]) => [k, (ids as string[]).length])).toEqual([
      ['blog', 25],
      ['single', 1],
    ]);
  });

  it('without batch rules (a provider without the endpoint, or one that answered 404): all single', () => {
    expect(shape(planPolls([w('a'), w('b')], null))).toEqual([
      ['single', ['a']],
      ['single', ['b']],
    ]);
    expect(shape(planPolls([w('a'), w('b')], { kinds: ['site'], maxIds: 1 }))).toHaveLength(2);
  });
});
