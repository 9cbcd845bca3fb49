/**
 * The relay's own metrics: events by type, provider and source (counted in
 * the transaction that appends them, kept in the database), and gauges read
 * from the tables at scrape time, so a restart never resets them.
 */
import type { MetricCollector, MetricFamily } from '../core/metrics';
import { PROVIDER_NAMES } from '../providers';
import type { Store } from '../storage/store';
import { VERSION } from '../version';
import { webhookSeenKey } from './ingest';
import type { AppendStep } from './recorder';
import { storedCounter } from './stored-counter';

const EVENTS_HELP = 'Events appended to the stream, by type, provider and source (webhook, poll, relay).';

/** The per-event pipeline's counting step and the relay's own /metrics collectors. */
export function relayMetrics(deps: { store: Store; runtime: string }): {
  count: AppendStep;
  collectors: MetricCollector[];
} {
  const { store } = deps;
  const events = storedCounter(store, 'sitewire_events_total', EVENTS_HELP);
  const count: AppendStep = (e) => events.add({ type: e.type, provider: e.provider, source: e.data.observed_via });

  const info = (): MetricFamily => ({
    name: 'sitewire_info',
    help: 'The running relay.',
    type: 'gauge',
    samples: [{ labels: { version: VERSION, runtime: deps.runtime }, value: 1 }],
  });
  const sequence = (): MetricFamily => ({
    name: 'sitewire_event_sequence',
    help: 'The newest event sequence number assigned.',
    type: 'gauge',
    samples: [{ labels: {}, value: store.events.lastSeq() }],
  });
  const resources = (): MetricFamily => ({
    name: 'sitewire_resources',
    help: 'Builds whose latest state the relay keeps, by provider and normalized status.',
    type: 'gauge',
    samples: store.resources
      .countByStatus()
      .map((r) => ({ labels: { provider: r.provider, status: r.status }, value: r.count })),
  });
  const webhookSeen = (): MetricFamily => ({
    name: 'sitewire_webhook_last_received_timestamp_seconds',
    help: 'When the last verified webhook arrived from each provider (unix seconds); absent until the first.',
    type: 'gauge',
    samples: PROVIDER_NAMES.flatMap((provider) => {
      const at = Number(store.meta.get(webhookSeenKey(provider)));
      return at > 0 ? [{ labels: { provider }, value: Math.floor(at / 1000) }] : [];
    }),
  });
  return { count, collectors: [info, () => events.collect(), sequence, resources, webhookSeen] };
}
