/**
 * Subscriptions, stored counters and the state kept in meta (a provider
 * key's poll budget) in the storage contract (store.contract.ts).
 */
import { expect } from 'vitest';
import { createBudget } from '../services/watches/budget';
import { subscriptionRow } from './deliveries-fixtures';
import type { ContractCase } from './sql.contract';
import { createStore } from './store';

const T = 1_000_000;

export const RELAY_STATE_CONTRACT: readonly ContractCase[] = [
  {
    name: 'subscriptions: every field round-trips; listed after a cursor, the enabled ones, counted, deleted',
    run(db) {
      const { subscriptions } = createStore(db);
      const a = {
        ...subscriptionRow('sub_a'),
        types: ['site.*', 'form.submitted'],
        providers: ['warpweb'],
        resources: ['lindo/page/p 1'],
        description: 'é "quoted"',
        previousSecret: 'whsec_old',
        previousSecretUntil: T + 86_400_000,
        failingSince: T - 1,
        contentMode: 'structured' as const,
        settings: {
          headers: { Authorization: 'Bearer x', 'X-Team': 'é' },
          rateLimit: { perSecond: 2.5 },
          retryScheduleMs: [1000, 60_000],
          timeoutMs: 1500,
          circuit: { failures: 3, cooldownS: 60 },
        },
        circuitState: { consecutiveFailures: 4, openUntil: T + 60_000, probeUntil: T + 1 },
        alertedAt: T - 2,
      };
      subscriptions.insert(a);
      subscriptions.insert(subscriptionRow('sub_b'));
      subscriptions.insert({ ...subscriptionRow('sub_c'), enabled: false, disabledReason: 'HTTP 410 Gone' });
      expect(subscriptions.get('sub_a')).toEqual(a);
      expect(subscriptions.get('sub_nope')).toBeUndefined();
      expect(subscriptions.list(null, 2).map((s) => s.id)).toEqual(['sub_a', 'sub_b']);
      expect(subscriptions.list('sub_b', 10).map((s) => s.id)).toEqual(['sub_c']);
      expect(
        subscriptions
          .enabled()
          .map((s) => s.id)
          .sort(),
      ).toEqual(['sub_a', 'sub_b']);
      expect(subscriptions.counts()).toEqual({ enabled: 2, disabled: 1 });
      subscriptions.save({ ...a, url: 'https://other.example/h', enabled: false, types: [], updatedAt: T + 5 });
      expect(subscriptions.get('sub_a')).toMatchObject({
        url: 'https://other.example/h',
        enabled: false,
        types: [],
        updatedAt: T + 5,
      });
      expect(subscriptions.delete('sub_a')).toBe(true);
      expect(subscriptions.delete('sub_a')).toBe(false);
      expect(subscriptions.counts()).toEqual({ enabled: 1, disabled: 1 });
      const empty = createStore(db);
      empty.subscriptions.delete('sub_b');
      empty.subscriptions.delete('sub_c');
      expect(empty.subscriptions.counts()).toEqual({ enabled: 0, disabled: 0 });
    },
  },
  {
    name: 'counters add up per label set, survive a reopen, and roll back with the transaction that counted',
    run(db) {
      const store = createStore(db);
      store.counters.add('events', 'type="b"');
      store.counters.add('events', 'type="a"', 2);
      store.counters.add('events', 'type="b"', 3);
      store.counters.add('other', '');
      expect(() =>
        store.transaction(() => {
          store.counters.add('events', 'type="a"', 100);
          throw new Error('the counted write failed');
        }),
      ).toThrow('the counted write failed');
      expect(createStore(db).counters.series('events')).toEqual([
        { labels: 'type="a"', value: 2 },
        { labels: 'type="b"', value: 4 },
      ]);
      expect(store.counters.series('missing')).toEqual([]);
    },
  },
  {
    name: 'a poll budget kept in meta is spent durably, resumed by a new store, and blocked by a 429',
    run(db) {
      const limits = [{ limit: 30, windowMs: 60_000 }];
      const before = createBudget(createStore(db), 'warpweb', limits);
      expect(before.tryTake(T)).toEqual({ ok: true });
      const refused = before.tryTake(T);
      expect(refused.ok).toBe(false);
      // What a restart sees: the same budget, not a fresh one that would burst.
      const store = createStore(db);
      const after = createBudget(store, 'warpweb', limits);
      expect(after.tryTake(T)).toEqual(refused);
      expect(createBudget(store, 'lindo', limits).tryTake(T)).toEqual({ ok: true });
      // A spend inside a rolled-back transaction is not spent.
      const at = after.nextAt(T);
      expect(() =>
        store.transaction(() => {
          after.tryTake(at);
          throw new Error('rolled back');
        }),
      ).toThrow('rolled back');
      expect(after.tryTake(at)).toEqual({ ok: true });
      after.penalize(at, 120_000);
      expect(before.nextAt(at)).toBeGreaterThanOrEqual(at + 120_000);
    },
  },
];
