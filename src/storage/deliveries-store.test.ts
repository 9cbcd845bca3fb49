import { describe, expect, it } from 'vitest';
import { emptyData } from '../core/event';
import type { AttemptRecord } from './deliveries-store';
import { openNodeSqlite } from './node-sqlite';
import { createStore } from './store';

const T = 1_000_000;

function setup() {
  const store = createStore(openNodeSqlite(':memory:'));
  for (const id of ['sub_a', 'sub_b']) {
    store.subscriptions.insert({
      id,
      url: 'https://example.com/h',
      types: [],
      providers: [],
      resources: [],
      description: null,
      secret: 'whsec_x',
      previousSecret: null,
      previousSecretUntil: null,
      enabled: true,
      disabledReason: null,
      failingSince: null,
      contentMode: 'json',
      createdAt: T,
      updatedAt: T,
    });
  }
  const event = (subject: string) =>
    store.events.append(
      {
        id: `evt_${Math.random()}`,
        type: 'form.submitted',
        subject,
        provider: 'warpweb',
        time: 'x',
        data: emptyData('warpweb', 'webhook'),
      },
      T,
    );
  // Which rows may go now, in any order.
  const due = (sub: string, at = T) =>
    store.deliveries
      .dueFor(sub, at, 100)
      .map((d) => `${d.subject}#${d.eventSeq}`)
      .sort();
  const record = (at: number): AttemptRecord => ({
    attempt: 1,
    at,
    status_code: 200,
    duration_ms: 1,
    error: null,
    response_excerpt: null,
  });
  const finish = (
    sub: string,
    subject: string,
    status: 'succeeded' | 'dead' | 'failed',
    retryAt: number | null = null,
  ) => {
    const d = store.deliveries.dueFor(sub, Number.MAX_SAFE_INTEGER, 100).find((x) => x.subject === subject)!;
    store.transaction(() => store.deliveries.recordAttempt(d, { status, nextAttemptAt: retryAt, record: record(T) }));
    return d;
  };
  return { store, event, due, finish };
}

// The queue itself (heads, retries, re-queues, pruning) is in the storage contract: deliveries.contract.ts.

describe('delivery gauges', () => {
  it('count deliveries by status, the queue and its oldest entry, and subscriptions by state', async () => {
    const { deliveryMetrics } = await import('../services/deliveries/metrics');
    const { store, event, finish } = setup();
    store.deliveries.enqueue('sub_a', event('R')!, T - 4000);
    store.deliveries.enqueue('sub_a', event('S')!, T);
    finish('sub_a', 'S', 'dead');
    const sub = store.subscriptions.get('sub_b')!;
    store.subscriptions.save({ ...sub, enabled: false });
    const families = [deliveryMetrics(store, () => T + 6000).collectors[1]!()].flat();
    expect(
      Object.fromEntries(
        families.map((f) => [f.name, f.samples.map((s) => [s.labels.status ?? s.labels.state ?? '', s.value])]),
      ),
    ).toEqual({
      sitewire_deliveries: [
        ['pending', 1],
        ['failed', 0],
        ['succeeded', 0],
        ['dead', 1],
      ],
      sitewire_delivery_queue_depth: [['', 1]],
      sitewire_delivery_oldest_pending_age_seconds: [['', 10]],
      sitewire_subscriptions: [
        ['enabled', 1],
        ['disabled', 1],
      ],
    });
  });
});
