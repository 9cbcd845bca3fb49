/**
 * Watch metrics for /metrics: status requests by provider and outcome, a
 * counter kept in the database and written in the poll's own transaction
 * (a poll already writes its watch row, so the count costs one more upsert
 * and can never disagree with `polls`), and watches by provider and state,
 * read from the table at scrape time.
 */
import type { MetricCollector } from '../../core/metrics';
import type { PollOutcome } from '../../providers/poll-response';
import type { Store } from '../../storage/store';
import { WATCH_STATES } from '../../storage/watches-store';
import { storedCounter } from '../stored-counter';

/** Label values: `reading` is the internal name of an answer that could be read. */
const OUTCOME: Record<PollOutcome['kind'], string> = {
  reading: 'ok',
  not_found: 'not_found',
  refused: 'refused',
  rate_limited: 'rate_limited',
  transient: 'transient',
};

export function watchMetrics(store: Store, pollingProviders: readonly string[]) {
  const polls = storedCounter(
    store,
    'sitewire_provider_polls_total',
    'Provider status requests by provider and outcome: ok, not_found, refused (401/403), rate_limited (429), transient (5xx, timeout, network error, unreadable body; retries included).',
  );

  const watches: MetricCollector = () => {
    const counts = store.watches.countByProviderAndState();
    const providers = [...new Set([...pollingProviders, ...counts.map((c) => c.provider)])];
    return {
      name: 'sitewire_watches',
      help: 'Watches by provider and state (active = being polled); finished ones until retention prunes them.',
      type: 'gauge',
      samples: providers.flatMap((provider) =>
        WATCH_STATES.map((state) => ({
          labels: { provider, state },
          value: counts.find((c) => c.provider === provider && c.state === state)?.count ?? 0,
        })),
      ),
    };
  };

  return {
    /** Call inside the transaction that applies the poll: `attempts` requests, all but the last transient. */
    countPoll(provider: string, outcome: PollOutcome['kind'], attempts: number): void {
      if (attempts <= 0) return;
      if (attempts > 1) polls.add({ provider, outcome: 'transient' }, attempts - 1);
      polls.add({ provider, outcome: OUTCOME[outcome] });
    },
    collectors: [() => polls.collect(), watches] as MetricCollector[],
  };
}

export type WatchMetrics = ReturnType<typeof watchMetrics>;
