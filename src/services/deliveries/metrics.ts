/**
 * Delivery metrics for /metrics. Attempt outcomes are a counter kept in the
 * database, added in the transaction that records the attempt; the rest are
 * gauges read from the tables at scrape time, so a restart never resets them:
 * deliveries by status (within retention), the queue depth and its oldest
 * entry, and subscriptions by state. Attempt durations are a histogram kept
 * the same way; per-subscription gauges are in subscription-gauges.ts.
 */
import type { MetricCollector } from '../../core/metrics';
import type { DeliveryStatus } from '../../storage/deliveries-store';
import type { Store } from '../../storage/store';
import { storedCounter } from '../stored-counter';
import { storedHistogram } from '../stored-histogram';
import { subscriptionGauges } from './subscription-gauges';

export function deliveryMetrics(store: Store, now: () => number) {
  const attempts = storedCounter(
    store,
    'sitewire_delivery_attempts_total',
    'Delivery attempts by outcome: succeeded (2xx), failed (a retry is scheduled), dead (given up, or the receiver answered 410). Test sends are not counted.',
  );

  const durations = storedHistogram(
    store,
    'sitewire_delivery_attempt_duration_seconds',
    'Delivery attempt duration in seconds: from the request sent to the answer read, or to the timeout.',
  );

  const gauges: MetricCollector = () => {
    const { byStatus, oldestActiveAt } = store.deliveries.stats();
    const subs = store.subscriptions.counts();
    return [
      {
        name: 'sitewire_deliveries',
        help: 'Deliveries kept (within retention) by status: pending, failed (retry scheduled), succeeded, dead.',
        type: 'gauge',
        samples: Object.entries(byStatus).map(([status, value]) => ({ labels: { status }, value })),
      },
      {
        name: 'sitewire_delivery_queue_depth',
        help: 'Deliveries waiting for an attempt (pending, or failed with a retry scheduled).',
        type: 'gauge',
        samples: [{ labels: {}, value: byStatus.pending + byStatus.failed }],
      },
      {
        name: 'sitewire_delivery_oldest_pending_age_seconds',
        help: 'Age of the oldest delivery still waiting for an attempt, in seconds (0 when none waits).',
        type: 'gauge',
        samples: [{ labels: {}, value: oldestActiveAt === null ? 0 : Math.max(0, (now() - oldestActiveAt) / 1000) }],
      },
      {
        name: 'sitewire_subscriptions',
        help: 'Subscriptions by state.',
        type: 'gauge',
        samples: [
          { labels: { state: 'enabled' }, value: subs.enabled },
          { labels: { state: 'disabled' }, value: subs.disabled },
        ],
      },
    ];
  };

  return {
    /** Call inside the transaction that records the attempt. */
    countAttempt(outcome: DeliveryStatus, durationMs: number): void {
      attempts.add({ outcome });
      durations.observe(durationMs / 1000);
    },
    collectors: [
      () => attempts.collect(),
      gauges,
      () => durations.collect(),
      subscriptionGauges(store, now),
    ] as MetricCollector[],
  };
}

export type DeliveryMetrics = ReturnType<typeof deliveryMetrics>;
