/**
 * Ingest-to-delivery latency (docs/api.md#health): from when a delivery was queued
 * (with its event, or by a replay or recovery) to its successful attempt, retries included.
 * A durable histogram, observed in the transaction that records the success.
 */
import type { Store } from '../../storage/store';
import type { Delivery } from '../../storage/deliveries-store';
import { storedHistogram } from '../stored-histogram';

/** Seconds: a first attempt takes milliseconds, a retried one minutes to days. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21_600, 86_400] as const;

export function deliveryLatency(store: Store) {
  const histogram = storedHistogram(
    store,
    'sitewire_delivery_latency_seconds',
    'From an event being stored (or a delivery re-queued) to its delivery succeeding, retries included.',
    LATENCY_BUCKETS,
  );
  return {
    delivered(d: Delivery, at: number): void {
      histogram.observe(Math.max(0, at - d.createdAt) / 1000);
    },
    collect: () => histogram.collect(),
  };
}
