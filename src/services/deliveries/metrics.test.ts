import { describe, expect, it } from 'vitest';
import { emptyData } from '../../core/event';
import { subscriptionRow } from '../../storage/deliveries.contract';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import { deliveryMetrics } from './metrics';

const T = 1_000_000;

describe('delivery gauges', () => {
  it('count deliveries by status, the queue and its oldest entry, and subscriptions by state', () => {
    const store = createStore(openNodeSqlite(':memory:'));
    store.subscriptions.insert(subscriptionRow('sub_a'));
    store.subscriptions.insert({ ...subscriptionRow('sub_b'), enabled: false });
    const event = (subject: string, at: number) =>
      store.events.append({ id: `evt_${subject}`, type: 'form.submitted', subject, provider: 'warpweb', time: 'x', data: emptyData('warpweb', 'webhook') }, at);
    store.deliveries.enqueue('sub_a', event('R', T - 4000), T - 4000);
    store.deliveries.enqueue('sub_a', event('S', T), T);
    const s = store.deliveries.dueFor('sub_a', T, 10).find((d) => d.subject === 'S')!;
    const record = { attempt: 1, at: T, status_code: 500, duration_ms: 1, error: 'HTTP 500', response_excerpt: null };
    store.transaction(() => store.deliveries.recordAttempt(s, { status: 'dead', nextAttemptAt: null, record }));
    const families = deliveryMetrics(store, () => T + 6000)[0]!();
    expect(Object.fromEntries(families.map((f) => [f.name, f.samples.map((x) => [x.labels.status ?? x.labels.state ?? '', x.value])]))).toEqual({
      sitewire_deliveries: [['pending', 1], ['failed', 0], ['succeeded', 0], ['dead', 1]],
      sitewire_delivery_queue_depth: [['', 1]],
      sitewire_delivery_oldest_pending_age_seconds: [['', 10]],
      sitewire_subscriptions: [['enabled', 1], ['disabled', 1]],
    });
  });
});
