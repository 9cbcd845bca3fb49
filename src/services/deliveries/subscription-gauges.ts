/**
 * Per-subscription delivery gauges for /metrics (docs/api.md#metrics): pending depth,
 * oldest pending age and consecutive failed attempts, labelled `subscription`. The
 * label's cardinality is bounded: the TOP_SUBSCRIPTIONS subscriptions with the most
 * pending deliveries (then the most failures) get their own series; the rest are
 * folded into `subscription="other"` (depth summed, age and failures their maximum).
 */
import type { MetricCollector, MetricFamily } from '../../core/metrics';
import type { Store } from '../../storage/store';

export const TOP_SUBSCRIPTIONS = 50;
export const OTHER = 'other';

interface Row {
  id: string;
  pending: number;
  ageS: number;
  failures: number;
}

export function subscriptionGauges(store: Store, now: () => number): MetricCollector {
  return () => {
    const t = now();
    const backlog = new Map(store.deliveries.backlog().map((b) => [b.subscriptionId, b]));
    const rows: Row[] = store.subscriptions.list(null, Number.MAX_SAFE_INTEGER).map((s) => {
      const b = backlog.get(s.id);
      return {
        id: s.id,
        pending: b?.pending ?? 0,
        ageS: b ? Math.max(0, (t - b.oldestAt) / 1000) : 0,
        failures: s.circuitState.consecutiveFailures,
      };
    });
    rows.sort((a, b) => b.pending - a.pending || b.failures - a.failures || (a.id < b.id ? -1 : 1));
    const shown = rows.slice(0, TOP_SUBSCRIPTIONS);
    const rest = rows.slice(TOP_SUBSCRIPTIONS);
    if (rest.length > 0) {
      shown.push({
        id: OTHER,
        pending: rest.reduce((n, r) => n + r.pending, 0),
        ageS: Math.max(...rest.map((r) => r.ageS)),
        failures: Math.max(...rest.map((r) => r.failures)),
      });
    }
    const family = (name: string, help: string, value: (r: Row) => number): MetricFamily => ({
      name,
      help,
      type: 'gauge',
      samples: shown.map((r) => ({ labels: { subscription: r.id }, value: value(r) })),
    });
    const bound = `the ${TOP_SUBSCRIPTIONS} with the most pending, the rest as subscription="other"`;
    return [
      family(
        'sitewire_subscription_pending_deliveries',
        `Deliveries waiting for an attempt, per subscription (${bound}, summed).`,
        (r) => r.pending,
      ),
      family(
        'sitewire_subscription_oldest_pending_age_seconds',
        `Age of the subscription's oldest waiting delivery in seconds, 0 when none waits (${bound}: the oldest).`,
        (r) => r.ageS,
      ),
      family(
        'sitewire_subscription_consecutive_failures',
        `Failed attempts since the subscription's last success (${bound}: the most).`,
        (r) => r.failures,
      ),
    ];
  };
}
