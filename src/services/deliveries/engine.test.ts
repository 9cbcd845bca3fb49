import { describe, expect, it } from 'vitest';
import { emptyData } from '../../core/event';
import { silentLogger } from '../../log';
import { subscriptionRow } from '../../storage/deliveries-fixtures';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import { createAttemptGate } from './attempt-gate';
import { createDeliveryEngine } from './engine';

const T = 1_000_000;

describe('the delivery engine', () => {
  it('starts attempts only within its run budget, then hands the rows still due to the next run', async () => {
    const store = createStore(openNodeSqlite(':memory:'));
    store.subscriptions.insert(subscriptionRow('sub_a'));
    for (let i = 0; i < 5; i++) {
      const e = store.events.append(
        {
          id: `evt_${i}`,
          type: 'form.submitted',
          subject: `warpweb/site/s${i}`,
          provider: 'warpweb',
          time: 'x',
          data: emptyData('warpweb', 'webhook'),
        },
        T,
      );
      store.deliveries.enqueue('sub_a', e, T);
    }
    const clock = { now: T };
    const delivered: string[] = [];
    const engine = createDeliveryEngine({
      store,
      logger: silentLogger,
      now: () => clock.now,
      leaseMs: () => 6000,
      gate: createAttemptGate({ store, leaseMs: () => 6000 }),
      runBudgetMs: 100,
      limits: { global: 2, perSubscription: 2 },
      async deliver(d) {
        clock.now += 60; // each attempt takes 60 ms
        delivered.push(d.subject);
        const record = {
          attempt: 1,
          at: clock.now,
          status_code: 204,
          duration_ms: 60,
          error: null,
          response_excerpt: null,
        };
        store.transaction(() =>
          store.deliveries.recordAttempt(d, { status: 'succeeded', nextAttemptAt: null, record }),
        );
      },
    });
    // Two start at once; when they end the budget (100 ms) is spent, so nothing more starts in this run.
    const next = await engine.task.run(clock.now);
    expect(delivered).toHaveLength(2);
    expect(next).not.toBeNull();
    expect(next!).toBeLessThanOrEqual(clock.now); // due at once: the ticker arms the timer for now
    await engine.task.run(clock.now);
    await engine.task.run(clock.now);
    expect(delivered.sort()).toEqual([
      'warpweb/site/s0',
      'warpweb/site/s1',
      'warpweb/site/s2',
      'warpweb/site/s3',
      'warpweb/site/s4',
    ]);
    expect(await engine.task.run(clock.now)).toBeNull();
  });
});
