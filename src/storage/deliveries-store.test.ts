import { describe, expect, it } from 'vitest';
import { setup as deliveriesSetup, T } from './deliveries-fixtures';
import { openNodeSqlite } from './node-sqlite';

const setup = () => deliveriesSetup(openNodeSqlite(':memory:'));

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
