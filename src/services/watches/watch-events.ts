/** The relay's own events about a watch, and the observation a 404 stands for. */
import { emptyData } from '../../core/event';
import { findProvider } from '../../providers';
import type { Store } from '../../storage/store';
import { blankObservation, type EventSignal, type Observation } from '../../core/observation';
import type { Watch } from '../../storage/watches-store';

export function watchEvent(
  type: 'watch.expired' | 'watch.error',
  watch: Watch,
  error: { code: string; message: string },
  siteId: string | null = null,
): Omit<EventSignal, 'signal'> {
  return {
    type,
    subject: watch.subject,
    provider: watch.provider,
    time: null,
    data: {
      ...emptyData(watch.provider, 'relay'),
      kind: watch.kind,
      resource_id: watch.resourceId,
      site_id: siteId,
      status: watch.status,
      phase: watch.phase,
      message: watch.message,
      progress: watch.progress,
      error,
      watch_id: watch.id,
    },
  };
}

/** docs/api.md#watches: a 404 is `<kind>.failed` with error code not_found. */
export function notFoundObservation(watch: Watch, message: string, siteId: string | null = null): Observation {
  return {
    ...blankObservation({
      provider: watch.provider,
      kind: watch.kind,
      resourceId: watch.resourceId,
      status: 'failed',
      providerStatus: 'not_found',
      observedVia: 'poll',
    }),
    error: { code: 'not_found', message },
    siteId,
  };
}

/** The site of a watched resource, for events no status answer carries: as known so far, else as its id tells. */
export function watchSiteId(store: Store, watch: Watch): string | null {
  const known = store.resources.get(watch.subject)?.data.site_id;
  return known ?? findProvider(watch.provider)?.status?.siteId?.(watch.kind, watch.resourceId) ?? null;
}
