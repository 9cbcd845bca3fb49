/** Watches (docs/api.md#watches): the API's operations, what a webhook's state signal does, one poll task per provider. */
import type { StateSignal } from '../../core/observation';
import { PROVIDERS } from '../../providers';
import type { ProviderAdapter, StatusApi } from '../../providers/types';
import type { WatchListQuery } from '../../storage/watches-store';
import type { Writer } from '../recorder';
import { createWatch, type WatchInput } from './create-watch';
import type { WatchDeps } from './deps';
import { watchMetrics } from './metrics';
import { createPollTask } from './poller';
import { createProviderHealth } from './provider-health';
import { takeStateSignal } from './webhook-signal';

export type { WatchInput } from './create-watch';

export function createWatches(deps: WatchDeps) {
  const { store } = deps;
  const pollable = PROVIDERS.filter((p): p is ProviderAdapter & { status: StatusApi } => !!p.status);
  const metrics = watchMetrics(
    store,
    pollable.map((p) => p.name),
  );
  const health = createProviderHealth(store);
  return {
    /** Ingest's state-signal step (webhook-signal.ts). */
    takeStateSignal: (provider: ProviderAdapter, signal: StateSignal, w: Writer) =>
      takeStateSignal(deps, provider, signal, w),
    tasks: pollable.map((p) => createPollTask(deps, p, metrics, health)),
    /** /metrics collectors: status requests by outcome (kept in the database), watches by state, poll durations. */
    metrics: [...metrics.collectors, ...health.collectors],
    create: (input: WatchInput) => store.transaction(() => createWatch(deps, input, 'api', deps.now())),
    get: (id: string) => store.watches.get(id),
    bySubject: (subject: string) => store.watches.bySubject(subject),
    list: (q: WatchListQuery) => store.watches.list(q),
    /** Stops polling and forgets the watch; false when there was none. */
    remove: (id: string) => store.transaction(() => store.watches.delete(id)),
    prune: (cutoff: number) => store.watches.pruneFinishedBefore(cutoff),
  };
}

export type Watches = ReturnType<typeof createWatches>;
