/**
 * Where webhooks meet watches, inside the ingest / recorder transaction:
 * - a Lindo hint naming a watched workflow makes that watch due now (ahead of
 *   merely due ones, still within the budget) and the poll's answer is what
 *   gets emitted;
 * - a verified webhook about an unwatched, unfinished build starts a watch,
 *   so a lost completion webhook is still caught by polling;
 * - every state event about a watched resource updates the watch (a webhook
 *   completion ends it without another poll).
 */
import type { StoredEvent } from '../../core/event';
import type { StateSignal } from '../../core/observation';
import { isTerminal, type NormalizedStatus } from '../../core/status';
import type { ProviderAdapter } from '../../providers/types';
import type { Writer } from '../recorder';
import { createWatch } from './create-watch';
import { pollTaskName, type WatchDeps } from './deps';

function onStateSignal(deps: WatchDeps, provider: ProviderAdapter, signal: StateSignal, w: Writer): boolean {
  const { store } = deps;
  const obs = signal.observation;
  const polling = !!provider.status?.apiKey(deps.config);
  const matched = store.watches.activeByIds(provider.name, [obs.resourceId, ...(signal.aliases ?? [])]);
  for (const m of matched) store.watches.patch(m.id, { webhookSeen: true, updatedAt: w.now });

  if (signal.hint) {
    if (!polling || matched.length === 0) return false;
    for (const m of matched) {
      // The status API may not say what the hint did (Lindo's has no URL): the poll's event keeps it.
      const url = m.kind === obs.kind ? obs.url ?? m.url : m.url;
      store.watches.patch(m.id, { urgent: true, nextPollAt: Math.min(m.nextPollAt ?? w.now, w.now), url });
    }
    deps.ticker.wake(pollTaskName(provider.name), w.now);
    // Only a watch of the same kind speaks for this resource; otherwise the hint is emitted as it is.
    return matched.some((m) => m.kind === obs.kind);
  }

  const unwatched = matched.length === 0 && !store.watches.bySubject(`${provider.name}/${obs.kind}/${obs.resourceId}`);
  if (polling && unwatched && provider.kinds.includes(obs.kind) && !isTerminal(obs.status)) {
    const known = store.resources.get(`${provider.name}/${obs.kind}/${obs.resourceId}`);
    if (!known?.terminal) createWatch(deps, { provider: provider.name, kind: obs.kind, id: obs.resourceId }, 'webhook', w.now);
  }
  return false;
}

function onAppend(deps: WatchDeps, e: StoredEvent, now: number): void {
  if (e.type.startsWith('watch.')) return;
  const watch = deps.store.watches.bySubject(e.subject);
  if (!watch) return;
  const data = (JSON.parse(e.json) as { data?: Record<string, unknown> }).data ?? {};
  const status = data.status as NormalizedStatus | null | undefined;
  if (!status) return;
  const ends = isTerminal(status) && watch.state !== 'done';
  deps.store.watches.patch(watch.id, {
    status,
    phase: (data.phase as string | null) ?? null,
    message: (data.message as string | null) ?? null,
    progress: (data.progress as never) ?? null,
    url: (data.url as string | null) ?? watch.url,
    updatedAt: now,
    ...(data.observed_via === 'webhook' ? { webhookSeen: true } : {}),
    ...(ends ? { state: 'done' as const, nextPollAt: null, urgent: false } : {}),
  });
}

export function installWatchHooks(deps: WatchDeps): void {
  deps.ingest.onStateSignal((provider, signal, w) => onStateSignal(deps, provider, signal, w));
  deps.recorder.onAppend((e, now) => onAppend(deps, e, now));
}
