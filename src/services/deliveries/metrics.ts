/**
 * Delivery gauges for /metrics, read from the tables at scrape time so a
 * restart never resets them: deliveries by outcome (within retention), the
 * queue depth and its oldest entry, and subscriptions by state.
 */
import type { Store } from '../../storage/store';

export interface GaugeFamily {
  name: string;
  help: string;
  type: 'gauge';
  samples: { labels: Record<string, string>; value: number }[];
}

export function deliveryMetrics(store: Store, now: () => number): (() => GaugeFamily[])[] {
  return [
    () => {
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
          help: 'Deliveries waiting for an attempt (pending or failed with a retry scheduled).',
          type: 'gauge',
          samples: [{ labels: {}, value: byStatus.pending + byStatus.failed }],
        },
        {
          name: 'sitewire_delivery_oldest_pending_age_seconds',
          help: 'Age of the oldest delivery still waiting (0 when none waits).',
          type: 'gauge',
          samples: [{ labels: {}, value: oldestActiveAt === null ? 0 : Math.max(0, Math.round((now() - oldestActiveAt) / 1000)) }],
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
    },
  ];
}
