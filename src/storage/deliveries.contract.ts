/**
 * The deliveries queue in the storage contract (store.contract.ts): heads per
 * resource, retries, re-queues, replays, pruning, stale claims, the attempt
 * log, and the partial indexes every due query must use on each driver.
 */
import { expect } from 'vitest';
import { recorded, setup, T } from './deliveries-fixtures';
import type { ContractCase } from './sql.contract';
import { createStore } from './store';

export const DELIVERIES_CONTRACT: readonly ContractCase[] = [
  {
    name: 'deliveries: only the earliest active delivery of each resource is due, per subscription',
    run(db) {
      const { store, event, due, finish } = setup(db);
      const [r1, r2, s1, r3] = [event('R'), event('R'), event('S'), event('R')];
      for (const e of [r1, r2, s1, r3]) {
        expect(store.deliveries.enqueue('sub_a', e, T)).toBe(true);
        store.deliveries.enqueue('sub_b', e, T);
      }
      expect(due('sub_a')).toEqual(['R#1', 'S#3']);
      finish('sub_a', 'R', 'failed', T + 50);
      expect(due('sub_a')).toEqual(['S#3']); // R#1 waits for its retry and R#2 waits for R#1
      expect(due('sub_a', T + 50)).toEqual(['R#1', 'S#3']);
      expect(store.deliveries.nextDueAfter(T)).toBe(T + 50);
      finish('sub_a', 'R', 'dead');
      expect(due('sub_a')).toEqual(['R#2', 'S#3']);
      finish('sub_a', 'R', 'succeeded');
      expect(due('sub_a')).toEqual(['R#4', 'S#3']);
      expect(due('sub_b')).toEqual(['R#1', 'S#3']); // the other subscription is untouched
      // A disabled subscription's rows never come due.
      store.subscriptions.save({ ...store.subscriptions.get('sub_a')!, enabled: false });
      finish('sub_b', 'R', 'failed', T + 70);
      expect(store.deliveries.nextDueAfter(T)).toBe(T + 70);
    },
  },
  {
    name: 'deliveries: a manual retry and a replay queue behind the resource in progress, then in sequence order',
    run(db) {
      const { store, event, due, finish } = setup(db);
      const [r1, r2, r3] = [event('R'), event('R'), event('R')];
      store.deliveries.enqueue('sub_a', r1, T);
      const done = finish('sub_a', 'R', 'succeeded');
      store.deliveries.enqueue('sub_a', r2, T);
      store.deliveries.enqueue('sub_a', r3, T);
      expect(store.deliveries.requeue(done.id, T)).toBe(true);
      expect(store.deliveries.requeue('dlv_nope', T)).toBe(false);
      expect(due('sub_a')).toEqual(['R#2']);
      finish('sub_a', 'R', 'succeeded');
      expect(due('sub_a')).toEqual(['R#1']);
      expect(store.deliveries.enqueue('sub_a', r3, T, true)).toBe(false); // a replay skips what is queued
      expect(store.deliveries.enqueue('sub_a', r2, T, true)).toBe(true);
    },
  },
  {
    name: 'deliveries: retention gives a resource its next head; stale claims are released; a dead row without attempt',
    run(db) {
      const { store, event, due } = setup(db);
      store.deliveries.enqueue('sub_a', event('R', T - 10), T - 10);
      store.deliveries.enqueue('sub_a', event('R'), T);
      const [head] = store.deliveries.dueFor('sub_a', T, 10);
      store.deliveries.claim(head!.id, T, T + 60_000);
      expect(due('sub_a')).toEqual([]);
      store.deliveries.recover(T);
      expect(due('sub_a')).toEqual(['R#1']);
      expect(store.transaction(() => store.deliveries.pruneBefore(T - 5))).toBe(1);
      expect(due('sub_a')).toEqual(['R#2']);
      store.deliveries.markDead(store.deliveries.dueFor('sub_a', T, 1)[0]!, 'event pruned', T);
      expect(due('sub_a')).toEqual([]);
      expect(store.deliveries.stats().byStatus).toEqual({ pending: 0, failed: 0, succeeded: 0, dead: 1 });
    },
  },
  {
    name: 'deliveries: the log lists newest first by status and cursor; the attempt log keeps its last 50; stats',
    run(db) {
      const { store, event, record } = setup(db);
      for (const s of ['A', 'B', 'C'])
        store.deliveries.enqueue('sub_a', event(s, T + s.charCodeAt(0)), T + s.charCodeAt(0));
      store.deliveries.enqueue('sub_b', event('A'), T);
      let a = store.deliveries.list('sub_a', undefined, null, 10).find((d) => d.subject === 'A')!;
      for (let i = 1; i <= 55; i++) {
        store.transaction(() =>
          store.deliveries.recordAttempt(a, {
            status: i < 55 ? 'failed' : 'succeeded',
            nextAttemptAt: i < 55 ? T : null,
            record: record(T + i, i),
          }),
        );
        a = store.deliveries.get(a.id)!;
      }
      expect(a).toMatchObject({ status: 'succeeded', attemptCount: 55, roundAttempts: 55, nextAttemptAt: null });
      expect(a.attempts.map((r) => r.attempt)).toEqual(Array.from({ length: 50 }, (_, i) => i + 6));
      const all = store.deliveries.list('sub_a', undefined, null, 10);
      expect(all.map((d) => d.subject)).toEqual(['C', 'B', 'A']);
      expect(store.deliveries.list('sub_a', undefined, all[0]!.id, 1).map((d) => d.subject)).toEqual(['B']);
      expect(store.deliveries.list('sub_a', 'succeeded', null, 10).map((d) => d.subject)).toEqual(['A']);
      expect(store.deliveries.stats()).toEqual({
        byStatus: { pending: 3, failed: 0, succeeded: 1, dead: 0 },
        oldestActiveAt: T,
      });
      expect(store.deliveries.deleteForSubscription('sub_a')).toBe(3);
      expect(store.deliveries.stats().oldestActiveAt).toBe(T);
    },
  },
  {
    name: 'deliveries: the due, order and queueing queries use the partial indexes, never a scan of the table',
    run(db) {
      const { store, event, finish } = setup(db);
      for (let i = 0; i < 30; i++) store.deliveries.enqueue('sub_a', event(`R${i % 3}`), T);
      const r = recorded(db);
      const traced = createStore(r.db);
      const e = event('R0');
      traced.deliveries.dueFor('sub_a', T, 8);
      traced.deliveries.nextDueAfter(T);
      traced.deliveries.enqueue('sub_a', e, T);
      traced.transaction(() =>
        traced.deliveries.recordAttempt(store.deliveries.dueFor('sub_a', T, 1)[0]!, {
          status: 'succeeded',
          nextAttemptAt: null,
          record: { attempt: 1, at: T, status_code: 200, duration_ms: 1, error: null, response_excerpt: null },
        }),
      );
      finish('sub_a', 'R1', 'succeeded');
      const plans = r.statements
        .filter(([sql]) => /deliveries/.test(sql) && !/^\s*(CREATE|SELECT \* FROM deliveries WHERE id)/.test(sql))
        .map(([sql, p]) => ({
          sql,
          plan: db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...p).map((x) => x.detail),
        }));
      expect(plans.length).toBeGreaterThanOrEqual(5);
      for (const { sql, plan } of plans) {
        expect(
          plan.filter((d) => /^SCAN (deliveries|d|g|h)\b(?! USING)/.test(d)),
          sql,
        ).toEqual([]);
      }
      const used = plans.flatMap((p) => p.plan).join('\n');
      for (const index of ['deliveries_heads_by_subscription', 'deliveries_heads_due', 'deliveries_active_order'])
        expect(used).toContain(index);
    },
  },
];
