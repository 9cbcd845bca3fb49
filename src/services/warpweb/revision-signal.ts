/**
 * Ingest's first look at a Warpweb revision webhook: one that names no revision (the site id
 * stands in for it, docs/events.md#event-types) is taken to be about the site's oldest revision
 * the relay still follows, so it ends that revision's watch instead of starting a resource of its own.
 */
import type { StateSignal } from '../../core/observation';
import type { ProviderAdapter } from '../../providers/types';
import type { Store } from '../../storage/store';

export function claimRevisionSignal(store: Store, provider: ProviderAdapter, signal: StateSignal): void {
  const obs = signal.observation;
  if (provider.name !== 'warpweb' || obs.kind !== 'revision' || !obs.siteId || obs.resourceId !== obs.siteId) return;
  const open = store.followups.openRevisionOf(obs.siteId);
  const watch = open && store.watches.get(open.watchId);
  if (watch?.state === 'active') signal.observation = { ...obs, resourceId: watch.resourceId };
}
