import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../core/metrics';
import { setup, subscriptionRow, T } from '../../storage/deliveries-fixtures';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { OTHER, subscriptionGauges, TOP_SUBSCRIPTIONS } from './subscription-gauges';

describe('per-subscription gauges', () => {
  it('show the subscriptions with the most pending, and fold the rest into subscription="other"', () => {
    const { store, event } = setup(openNodeSqlite(':memory:'));
    const ids = Array.from({ length: TOP_SUBSCRIPTIONS + 3 }, (_, i) => `sub_${String(i).padStart(3, '0')}`);
    for (const id of ids) store.subscriptions.insert(subscriptionRow(id));
    // sub_000 has the most pending; sub_001 the oldest among the folded ones; sub_002 many failures.
    for (let n = 0; n < 3; n++) store.deliveries.enqueue('sub_000', event(`A${n}`)!, T);
    const failing = store.subscriptions.get('sub_002')!;
    store.subscriptions.saveCircuit('sub_002', { ...failing.circuitState, consecutiveFailures: 7 });
    const families = [subscriptionGauges(store, () => T + 2000)()].flat() as MetricFamily[];
    const byName = Object.fromEntries(families.map((f) => [f.name, f.samples]));

    const pending = byName.sitewire_subscription_pending_deliveries!;
    expect(pending).toHaveLength(TOP_SUBSCRIPTIONS + 1);
    expect(pending[0]).toEqual({ labels: { subscription: 'sub_000' }, value: 3 });
    expect(pending[1]).toEqual({ labels: { subscription: 'sub_002' }, value: 0 });
    expect(pending.at(-1)!.labels.subscription).toBe(OTHER);
    const age = byName.sitewire_subscription_oldest_pending_age_seconds!;
    expect(age[0]).toEqual({ labels: { subscription: 'sub_000' }, value: 2 });
    const failures = byName.sitewire_subscription_consecutive_failures!;
    expect(failures[1]).toEqual({ labels: { subscription: 'sub_002' }, value: 7 });
    // Two fixture subscriptions (sub_a, sub_b) plus the last ids sort after the top ones: folded.
    expect(failures.at(-1)).toEqual({ labels: { subscription: OTHER }, value: 0 });
  });
});
