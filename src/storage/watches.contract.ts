/** The watches store in the storage contract (store.contract.ts): due rows, aliases, listing, pruning. */
import { expect } from 'vitest';
import type { ContractCase } from './sql.contract';
import { createStore } from './store';
import type { Watch } from './watches-store';

export function watch(over: Partial<Watch> & { id: string }): Watch {
  const resourceId = over.resourceId ?? over.id;
  return {
    provider: 'lindo',
    kind: 'site',
    resourceId,
    subject: `${over.provider ?? 'lindo'}/${over.kind ?? 'site'}/${resourceId}`,
    state: 'active',
    status: null,
    phase: null,
    message: null,
    progress: null,
    url: null,
    polls: 0,
    failures: 0,
    urgent: false,
    webhookSeen: false,
    origin: 'api',
    lastPolledAt: null,
    nextPollAt: 1000,
    deadlineAt: 10_000,
    lastError: null,
    metadata: null,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

export const WATCHES_CONTRACT: readonly ContractCase[] = [
  {
    name: 'watches: every field round-trips; a subject is watched once; patch sets only what it names',
    run(db) {
      const { watches } = createStore(db);
      const w = watch({
        id: 'wat_1',
        status: 'running',
        phase: 'generating',
        message: 'é 日本',
        url: 'https://x.example',
        progress: { total: 2, complete: 1, running: 1, errored: 0 },
        metadata: { a: [1], b: null },
        urgent: true,
        webhookSeen: true,
        lastPolledAt: 2 ** 41,
        lastError: 'HTTP 503',
        origin: 'webhook',
      });
      watches.insert(w);
      expect(watches.get('wat_1')).toEqual(w);
      expect(watches.bySubject(w.subject)).toEqual(w);
      expect(() => watches.insert({ ...w, id: 'wat_2' })).toThrow(/UNIQUE/);
      watches.patch('wat_1', { polls: 3, urgent: false, progress: null, nextPollAt: null });
      expect(watches.get('wat_1')).toEqual({ ...w, polls: 3, urgent: false, progress: null, nextPollAt: null });
      watches.patch('wat_1', {});
      expect(watches.get('nope')).toBeUndefined();
    },
  },
  {
    name: 'watches: next due is hinted first, then the longest overdue; only active, this provider, due',
    run(db) {
      const { watches } = createStore(db);
      watches.insert(watch({ id: 'a', nextPollAt: 500 }));
      watches.insert(watch({ id: 'b', nextPollAt: 900, urgent: true }));
      watches.insert(watch({ id: 'c', nextPollAt: 100, state: 'done' }));
      watches.insert(watch({ id: 'd', nextPollAt: 100, provider: 'warpweb' }));
      watches.insert(watch({ id: 'e', nextPollAt: 5000, deadlineAt: 800 }));
      expect(watches.nextDue('lindo', 1000)?.id).toBe('b');
      expect(watches.dueList('lindo', 1000, 10).map((w) => w.id)).toEqual(['b', 'a']);
      expect(watches.dueList('lindo', 1000, 1).map((w) => w.id)).toEqual(['b']);
      watches.insert(watch({ id: 'f', nextPollAt: 700, kind: 'page' }));
      expect(watches.dueList('lindo', 1000, 10, 'page').map((w) => w.id)).toEqual(['f']);
      expect(watches.dueList('lindo', 1000, 10, 'site').map((w) => w.id)).toEqual(['b', 'a']);
      watches.delete('f');
      watches.patch('b', { urgent: false, nextPollAt: 2000 });
      expect(watches.nextDue('lindo', 1000)?.id).toBe('a');
      expect(watches.nextDue('lindo', 400)).toBeUndefined();
      expect(watches.earliestDue('lindo')).toBe(500);
      expect(watches.earliestDue('wix')).toBeNull();
      expect(watches.earliestDeadline('lindo')).toBe(800);
      expect(watches.pastDeadline('lindo', 900).map((w) => w.id)).toEqual(['e']);
      expect(watches.pastDeadline('lindo', 799)).toEqual([]);
    },
  },
  {
    name: 'watches: found by resource id or a learned alias, with more ids than a statement may bind',
    run(db) {
      const { watches } = createStore(db);
      watches.insert(watch({ id: 'w1', resourceId: 'rec_1' }));
      watches.insert(watch({ id: 'w2', resourceId: 'rec_2', kind: 'revision' }));
      watches.insert(watch({ id: 'w3', resourceId: 'rec_3', state: 'done' }));
      watches.addAliases('w2', 'lindo', ['web_9', 'web_9']);
      watches.addAliases('w3', 'lindo', ['web_9']);
      const ids = (list: string[], provider = 'lindo') => watches.activeByIds(provider, list).map((w) => w.id);
      expect(ids(['rec_1'])).toEqual(['w1']);
      expect(ids(['web_9', 'nope'])).toEqual(['w2']);
      expect(ids(['rec_1', 'web_9'])).toEqual(['w1', 'w2']);
      expect(ids(['rec_1'], 'warpweb')).toEqual([]);
      expect(ids([])).toEqual([]);
      // A Durable Object binds at most 100 parameters per statement.
      const many = Array.from({ length: 150 }, (_, i) => `other_${i}`);
      expect(ids([...many, 'web_9'])).toEqual(['w2']);
      const aliases = Array.from({ length: 120 }, (_, i) => `alias_${i}`);
      watches.addAliases('w1', 'lindo', aliases);
      expect(ids(['alias_119'])).toEqual(['w1']);
    },
  },
  {
    name: 'watches: listed by filters after a cursor, counted by state; pruning and delete take their aliases',
    run(db) {
      const { watches } = createStore(db);
      for (const [id, state, updatedAt] of [
        ['w1', 'active', 0],
        ['w2', 'done', 0],
        ['w3', 'expired', 50],
        ['w4', 'active', 0],
      ] as const) {
        watches.insert(watch({ id, state, updatedAt, provider: id === 'w4' ? 'warpweb' : 'lindo' }));
        watches.addAliases(id, 'lindo', [`alias_${id}`]);
      }
      expect(watches.list({ state: 'active', limit: 10 }).map((w) => w.id)).toEqual(['w1', 'w4']);
      expect(watches.list({ state: 'active', provider: 'lindo', limit: 10 }).map((w) => w.id)).toEqual(['w1']);
      expect(watches.list({ after: 'w2', limit: 1 }).map((w) => w.id)).toEqual(['w3']);
      expect(watches.countByState()).toEqual({ active: 2, done: 1, expired: 1, error: 0 });
      expect(watches.pruneFinishedBefore(10)).toBe(1);
      expect(watches.list({ limit: 10 }).map((w) => w.id)).toEqual(['w1', 'w3', 'w4']);
      expect(watches.delete('w1')).toBe(true);
      expect(watches.delete('w1')).toBe(false);
      const left = db.all<{ alias: string }>('SELECT alias FROM watch_aliases ORDER BY alias').map((r) => r.alias);
      expect(left).toEqual(['alias_w3', 'alias_w4']);
    },
  },
];
