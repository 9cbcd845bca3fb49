/**
 * Every outcome of one poll, handled here: the key's budget after a 429, the
 * poll counters, the answer observed, the watch's next state as the poll
 * policy decides it (core/poll-policy.ts), all in one transaction; then a log
 * line for anything but a reading. Observations go through the same recorder
 * and state tracker as webhooks, so a transition both sources saw is emitted
 * once and terminal is final.
 */
import { decidePoll, type PollAction } from '../../core/poll-policy';
import type { PollOutcome } from '../../providers/poll-response';
import type { Watch } from '../../storage/watches-store';
import type { Writer } from '../recorder';
import type { Budget } from './budget';
import type { LearnedAliases, WatchDeps } from './deps';
import type { WatchMetrics } from './metrics';
import type { ProviderHealth } from './provider-health';
import { scheduleInput } from './schedule';
import { notFoundObservation, watchEvent, watchSiteId } from './watch-events';

export interface OutcomeContext {
  deps: WatchDeps;
  budget: Budget;
  metrics: WatchMetrics;
  /** Provider-wide health (provider-health.ts), with the key that polled. */
  health?: { tracker: ProviderHealth; apiKey: string };
}

export interface Polled {
  outcome: PollOutcome;
  /** Requests made for this poll, retries included. */
  attempts: number;
  /** Of those, how many /metrics counts here (default all); a batch counts its requests once, not per watch. */
  requests?: number;
  /** The jitter draw for the next poll time; a batch shares one, so its watches stay due together. */
  jitter?: number;
  /** How long the poll took (first request to answer); a batch's items leave it out, the batch counts once. */
  durationMs?: number;
}

export async function handleOutcome(ctx: OutcomeContext, polled: Watch, p: Polled): Promise<void> {
  const { deps, budget } = ctx;
  if (p.outcome.kind === 'rate_limited') await budget.penalize(deps.now(), p.outcome.retryAfterMs);
  const { result: learned } = deps.recorder.write((w) => applyOutcome(ctx, w, polled, p));
  if (learned) await deps.aliasesLearned?.(learned);
  if (p.outcome.kind !== 'reading') {
    const error = 'message' in p.outcome ? p.outcome.message : undefined;
    deps.logger.warn('poll', { provider: polled.provider, watch: polled.id, outcome: p.outcome.kind, error });
  }
}

/**
 * handleOutcome's part inside the transaction (no budget, no log): a batch applies its items
 * this way, all in the one transaction of its answer. Returns the aliases the answer newly taught
 * the watch, for the caller to pass on once committed.
 */
export function applyOutcome(
  ctx: OutcomeContext,
  w: Writer,
  polled: Watch,
  { outcome, attempts, requests, jitter, durationMs }: Polled,
): LearnedAliases | undefined {
  const { deps, metrics } = ctx;
  const { store } = deps;
  const provider = polled.provider;
  metrics.countPoll(provider, outcome.kind, requests ?? attempts);
  const watch = store.watches.get(polled.id);
  const before = w.appended.length;
  let learned: LearnedAliases | undefined;
  if (outcome.kind === 'reading' || outcome.kind === 'not_found') {
    const obs =
      outcome.kind === 'reading'
        ? outcome.reading.observation
        : notFoundObservation(polled, outcome.message, watchSiteId(store, polled));
    w.observe(obs.url || !watch?.url ? obs : { ...obs, url: watch.url });
    if (watch && outcome.kind === 'reading') {
      const ids = store.watches.addAliases(watch.id, watch.provider, outcome.reading.aliases);
      if (ids.length > 0) learned = { provider, subject: watch.subject, ids };
    }
  }
  const changed = w.appended.length > before;
  ctx.health?.tracker.afterPoll(w, { watch: polled, apiKey: ctx.health.apiKey, outcome, changed, durationMs });
  if (!watch) return learned;

  const action = decidePoll({
    outcome: outcome.kind,
    message: outcome.kind === 'reading' ? '' : outcome.message,
    state: watch.state,
    failures: watch.failures,
    finished: store.resources.get(watch.subject)?.terminal ?? false,
    pollAfterMs: outcome.kind === 'reading' ? outcome.reading.pollAfterMs : null,
    now: w.now,
    schedule: { ...scheduleInput(deps, provider, w.now), ...(jitter === undefined ? {} : { random: jitter }) },
  });
  patchWatch(ctx, w, watch, action, { polls: watch.polls + attempts, lastPolledAt: w.now, updatedAt: w.now });
  return learned;
}

/** The watch's next state, as the poll policy decided it. */
function patchWatch(
  { deps: { store } }: OutcomeContext,
  w: Writer,
  watch: Watch,
  action: PollAction,
  counted: { polls: number; lastPolledAt: number; updatedAt: number },
): void {
  switch (action.kind) {
    case 'observed':
      // The event the answer caused (if any) already updated the watch's status (mirror.ts).
      store.watches.patch(watch.id, {
        ...counted,
        failures: 0,
        lastError: null,
        urgent: false,
        state: action.state,
        nextPollAt: action.nextPollAt,
      });
      return;
    case 'refused': {
      const lastError = action.message;
      store.watches.patch(watch.id, { ...counted, state: 'error', lastError, nextPollAt: null, urgent: false });
      const error = { code: 'credentials_refused', message: action.message };
      w.emit(watchEvent('watch.error', { ...watch, state: 'error' }, error, watchSiteId(store, watch)));
      return;
    }
    case 'stay_due':
      store.watches.patch(watch.id, { ...counted, lastError: action.lastError });
      return;
    case 'back_off': {
      const { failures, lastError, nextPollAt } = action;
      store.watches.patch(watch.id, { ...counted, failures, lastError, urgent: false, nextPollAt });
      return;
    }
    case 'none':
  }
}
