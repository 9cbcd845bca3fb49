/** Starting to follow a resource: from the API (POST /v1/watches) or by a webhook about an unwatched build. */
import { subjectOf } from '../../core/event';
import { invalidRequest, notConfigured } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Kind } from '../../core/status';
import { findProvider } from '../../providers';
import type { ProviderAdapter } from '../../providers/types';
import type { Watch, WatchOrigin } from '../../storage/watches-store';
import { pollTaskName, type WatchDeps } from './deps';
import { nextPollAt } from './schedule';

export interface WatchInput {
  provider: string;
  id: string;
  kind?: Kind;
  deadlineS?: number;
  metadata?: Record<string, unknown> | null;
}

/** The adapter and kind, or invalid_request naming what is wrong; not_configured without an API key. */
export function pollableProvider(deps: WatchDeps, name: string, kind: Kind): ProviderAdapter {
  const adapter = findProvider(name);
  if (!adapter?.status)
    throw invalidRequest([
      { path: ['provider'], message: `no status API to poll for provider ${JSON.stringify(name)}` },
    ]);
  if (!adapter.kinds.includes(kind)) {
    throw invalidRequest([{ path: ['kind'], message: `${name} watches support kind ${adapter.kinds.join(', ')}` }]);
  }
  if (!adapter.status.apiKey(deps.config)) {
    throw notConfigured(`${adapter.status.apiKeyVar} is not set: the relay cannot poll ${name}.`);
  }
  return adapter;
}

/** Runs inside the caller's transaction. Returns the existing watch for the same provider+kind+id. */
export function createWatch(
  deps: WatchDeps,
  input: WatchInput,
  origin: WatchOrigin,
  now: number,
): { watch: Watch; created: boolean } {
  const kind = input.kind ?? 'site';
  pollableProvider(deps, input.provider, kind);
  const subject = subjectOf(input.provider, kind, input.id);
  const deadlineAt = now + (input.deadlineS ?? deps.config.watchDeadlineS) * 1000;
  const { store, ticker } = deps;

  const existing = store.watches.bySubject(subject);
  if (existing) {
    // Asking again for a watch that gave up (deadline, refused credentials) tries again; done stays done.
    if (origin === 'api' && (existing.state === 'expired' || existing.state === 'error')) {
      store.watches.patch(existing.id, {
        state: 'active',
        deadlineAt,
        nextPollAt: now,
        failures: 0,
        lastError: null,
        updatedAt: now,
      });
      ticker.wake(pollTaskName(input.provider), now);
      return { watch: store.watches.get(existing.id)!, created: false };
    }
    return { watch: existing, created: false };
  }

  const known = store.resources.get(subject);
  const done = known?.terminal ?? false;
  // A webhook just told us the state: the first poll can wait an interval. An API watch polls at once.
  const firstPoll = done ? null : origin === 'api' ? now : nextPollAt(deps, input.provider, now);
  const watch: Watch = {
    id: newId('wat', now),
    provider: input.provider,
    kind,
    resourceId: input.id,
    subject,
    state: done ? 'done' : 'active',
    status: known?.status ?? null,
    phase: known?.phase ?? null,
    message: known?.message ?? null,
    progress: known?.progress ?? null,
    url: known?.data.url ?? null,
    polls: 0,
    failures: 0,
    urgent: false,
    webhookSeen: origin === 'webhook',
    origin,
    lastPolledAt: null,
    nextPollAt: firstPoll,
    deadlineAt,
    lastError: null,
    metadata: input.metadata ?? null,
    createdAt: now,
    updatedAt: now,
  };
  store.watches.insert(watch);
  // Woken for now, not for firstPoll: a wake for later that lands while the task runs would be
  // overwritten by that run's answer; a run now reads the true next due time from the table.
  if (firstPoll !== null) ticker.wake(pollTaskName(input.provider));
  return { watch, created: true };
}
