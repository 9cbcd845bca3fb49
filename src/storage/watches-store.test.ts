import { describe, expect, it } from 'vitest';
import { openNodeSqlite } from './node-sqlite';
import { createStore } from './store';
import type { Watch } from './watches-store';

const store = () => createStore(openNodeSqlite(':memory:'));

function watch(over: Partial<Watch> & { id: string }): Watch {
  const resourceId = over.resourceId ?? over.id;
  return {
    provider: 'lindo', kind: 'site', resourceId, subject: `lindo/${over.kind ?? 'site'}/${resourceId}`, state: 'active',
    status: null, phase: null, message: null, progress: null, url: null, polls: 0, failures: 0, urgent: false,
    webhookSeen: false, origin: 'api', lastPolledAt: null, nextPollAt: 1000, deadlineAt: 10_000, lastError: null,
    metadata: null, createdAt: 0, updatedAt: 0, ...over,
  };
}

describe('watches store', () => {
  it('round-trips every field', () => {
    const s = store();
    const w = watch({ id: 'wat_1', progress: { total: 2, complete: 1, running: 1, errored: 0 }, metadata: { a: [1] }, urgent: true, webhookSeen: true });
    s.watches.insert(w);
    expect(s.watches.get('wat_1')).toEqual(w);
    expect(s.watches.bySubject(w.subject)).toEqual(w);
  });

  it('next due: hinted first, then the longest overdue; only active, only this provider, only due', () => {
    const s = store();
    s.watches.insert(watch({ id: 'a', nextPollAt: 500 }));
    s.watches.insert(watch({ id: 'b', nextPollAt: 900, urgent: true }));
    s.watches.insert(watch({ id: 'c', nextPollAt: 100, state: 'done' }));
    s.watches.insert(watch({ id: 'd', nextPollAt: 100, provider: 'warpweb', subject: 'warpweb/site/d' }));
    s.watches.insert(watch({ id: 'e', nextPollAt: 5000 }));
    expect(s.watches.nextDue('lindo', 1000)?.id).toBe('b');
    s.watches.patch('b', { urgent: false, nextPollAt: 2000 });
    expect(s.watches.nextDue('lindo', 1000)?.id).toBe('a');
    expect(s.watches.nextDue('lindo', 400)).toBeUndefined();
    expect(s.watches.earliestDue('lindo')).toBe(500);
    expect(s.watches.earliestDue('wix')).toBeNull();
  });

  it('finds active watches by resource id or learned alias', () => {
    const s = store();
    s.watches.insert(watch({ id: 'w1', resourceId: 'rec_1' }));
    s.watches.insert(watch({ id: 'w2', resourceId: 'rec_2', kind: 'revision' }));
    s.watches.insert(watch({ id: 'w3', resourceId: 'rec_3', state: 'done' }));
    s.watches.addAliases('w2', 'lindo', ['web_9', 'web_9']);
    s.watches.addAliases('w3', 'lindo', ['web_9']);
    expect(s.watches.activeByIds('lindo', ['rec_1']).map((w) => w.id)).toEqual(['w1']);
    expect(s.watches.activeByIds('lindo', ['web_9', 'nope']).map((w) => w.id)).toEqual(['w2']);
    expect(s.watches.activeByIds('warpweb', ['rec_1'])).toEqual([]);
    expect(s.watches.activeByIds('lindo', [])).toEqual([]);
  });

  it('lists by filters after a cursor, counts by state, prunes only finished watches', () => {
    const s = store();
    for (const [id, state, updatedAt] of [['w1', 'active', 0], ['w2', 'done', 0], ['w3', 'expired', 50], ['w4', 'active', 0]] as const) {
      s.watches.insert(watch({ id, state, updatedAt }));
    }
    expect(s.watches.list({ state: 'active', limit: 10 }).map((w) => w.id)).toEqual(['w1', 'w4']);
    expect(s.watches.list({ after: 'w2', limit: 1 }).map((w) => w.id)).toEqual(['w3']);
    expect(s.watches.countByState()).toEqual({ active: 2, done: 1, expired: 1, error: 0 });
    expect(s.watches.pruneFinishedBefore(10)).toBe(1);
    expect(s.watches.list({ limit: 10 }).map((w) => w.id)).toEqual(['w1', 'w3', 'w4']);
    expect(s.watches.delete('w1')).toBe(true);
    expect(s.watches.delete('w1')).toBe(false);
  });
});
