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
      id, url: 'https://example.com/h', types: [], providers: [], resources: [], description: null, secret: 'whsec_x',
      previousSecret: null, previousSecretUntil: null, enabled: true, disabledReason: null, failingSince: null, createdAt: T, updatedAt: T,
    });
  }
  const event = (subject: string) =>
    store.events.append({ id: `evt_${Math.random()}`, type: 'form.submitted', subject, provider: 'warpweb', time: 'x', data: emptyData('warpweb', 'webhook') }, T);
  // Which rows may go now, in any order.
  const due = (sub: string, at = T) => store.deliveries.dueFor(sub, at, 100).map((d) => `${d.subject}#${d.eventSeq}`).sort();
  const record = (at: number): AttemptRecord => ({ attempt: 1, at, status_code: 200, duration_ms: 1, error: null, response_excerpt: null });
  const finish = (sub: string, subject: string, status: 'succeeded' | 'dead' | 'failed', retryAt: number | null = null) => {
    const d = store.deliveries.dueFor(sub, Number.MAX_SAFE_INTEGER, 100).find((x) => x.subject === subject)!;
    store.transaction(() => store.deliveries.recordAttempt(d, { status, nextAttemptAt: retryAt, record: record(T) }));
    return d;
  };
  return { store, event, due, finish };
}

describe('the deliveries queue', () => {
  it('makes only the earliest active delivery of each resource due, per subscription', () => {
    const { store, event, due, finish } = setup();
    const [r1, r2, s1, r3] = [event('R'), event('R'), event('S'), event('R')];
    for (const e of [r1!, r2!, s1!, r3!]) {
      store.deliveries.enqueue('sub_a', e, T);
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
  });

  it('queues a manual retry and a replay behind the resource in progress, then in sequence order', () => {
    const { store, event, due, finish } = setup();
    const [r1, r2, r3] = [event('R'), event('R'), event('R')];
    store.deliveries.enqueue('sub_a', r1!, T);
    const done = finish('sub_a', 'R', 'succeeded');
    store.deliveries.enqueue('sub_a', r2!, T);
    store.deliveries.enqueue('sub_a', r3!, T);
    expect(store.deliveries.requeue(done.id, T)).toBe(true);
    expect(store.deliveries.requeue('dlv_nope', T)).toBe(false);
    expect(due('sub_a')).toEqual(['R#2']);
    finish('sub_a', 'R', 'succeeded');
    expect(due('sub_a')).toEqual(['R#1']);
    // A replay does not queue an event that is already queued.
    expect(store.deliveries.enqueue('sub_a', r3!, T, true)).toBe(false);
    expect(store.deliveries.enqueue('sub_a', r2!, T, true)).toBe(true);
  });

  it('gives a resource a new head when retention prunes the old one, and releases stale claims', () => {
    const { store, event, due } = setup();
    store.deliveries.enqueue('sub_a', event('R')!, T - 10);
    store.deliveries.enqueue('sub_a', event('R')!, T);
    const [head] = store.deliveries.dueFor('sub_a', T, 10);
    store.deliveries.claim(head!.id, T, T + 60_000);
    expect(due('sub_a')).toEqual([]);
    store.deliveries.recover(T);
    expect(due('sub_a')).toEqual(['R#1']);
    store.transaction(() => store.deliveries.pruneBefore(T - 5));
    expect(due('sub_a')).toEqual(['R#2']);
  });
});

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
    expect(Object.fromEntries(families.map((f) => [f.name, f.samples.map((s) => [s.labels.status ?? s.labels.state ?? '', s.value])]))).toEqual({
      sitewire_deliveries: [['pending', 1], ['failed', 0], ['succeeded', 0], ['dead', 1]],
      sitewire_delivery_queue_depth: [['', 1]],
      sitewire_delivery_oldest_pending_age_seconds: [['', 10]],
      sitewire_subscriptions: [['enabled', 1], ['disabled', 1]],
    });
  });
});
