/**
 * Where a webhook's state signal meets watches, inside the ingest transaction,
 * before the signal is observed:
 * - a Lindo hint naming a watched workflow makes that watch due now (ahead of
 *   merely due ones, still within the budget) and the poll's answer is what
 *   gets emitted;
 * - a verified webhook about an unwatched, unfinished build starts a watch,
 *   so a lost completion webhook is still caught by polling.
 * The event it causes then updates the watch like any other (mirror.ts).
 */
import type { StateSignal } from '../../core/observation';
import { isTerminal } from '../../core/status';
import type { ProviderAdapter } from '../../providers/types';
import type { Writer } from '../recorder';
import { createWatch } from './create-watch';
import { pollTaskName, type WatchDeps } from './deps';

/** True when the watch took the signal over (a hint: the poll speaks for it), false to observe it. */
export function takeStateSignal(deps: WatchDeps, provider: ProviderAdapter, signal: StateSignal, w: Writer): boolean {
  const { store } = deps;
  const obs = signal.observation;
  const polling = !!provider.status?.apiKey(deps.config);
  const matched = store.watches.activeByIds(provider.name, [obs.resourceId, ...(signal.aliases ?? [])]);
  for (const m of matched) store.watches.patch(m.id, { webhookSeen: true, updatedAt: w.now });

  if (signal.hint) {
    if (!polling || matched.length === 0) return false;
    for (const m of matched) {
      // The status API may not say what the hint did (Lindo's has no URL): the poll's event keeps it.
      const url = m.kind === obs.kind ? (obs.url ?? m.url) : m.url;
      store.watches.patch(m.id, { urgent: true, nextPollAt: Math.min(m.nextPollAt ?? w.now, w.now), url });
    }
    deps.ticker.wake(pollTaskName(provider.name), w.now);
    // Only a watch of the same kind speaks for this resource; otherwise the hint is emitted as it is.
    return matched.some((m) => m.kind === obs.kind);
  }

  const subject = `${provider.name}/${obs.kind}/${obs.resourceId}`;
  const unwatched = matched.length === 0 && !store.watches.bySubject(subject);
  if (polling && unwatched && provider.kinds.includes(obs.kind) && !isTerminal(obs.status)) {
    const known = store.resources.get(subject);
    if (!known?.terminal)
      createWatch(deps, { provider: provider.name, kind: obs.kind, id: obs.resourceId }, 'webhook', w.now);
  }
  return false;
}
