/**
 * What polls tell about a provider as a whole (docs/events.md#operational-events), decided in
 * the poll's own transaction: `provider.credentials_refused` once per API key until that key is
 * answered again, `provider.webhooks_quiet` once per quiet spell, and the poll duration histogram.
 * What was already said is kept in the meta table, so a restart does not say it again.
 */
import { credentialsVerdict, keyFingerprint, quietVerdict } from '../../core/provider-health';
import type { PollOutcome } from '../../providers/poll-response';
import type { Store } from '../../storage/store';
import type { Watch } from '../../storage/watches-store';
import { webhookSeenKey } from '../ingest';
import { operationalEvent } from '../operational-events';
import type { Writer } from '../recorder';
import { storedHistogram } from '../stored-histogram';

export interface PollDone {
  watch: Watch;
  apiKey: string;
  outcome: PollOutcome;
  /** Whether the answer was a change the relay had not seen (an event was appended for it). */
  changed: boolean;
  /** From the first request to the answer, retries included; absent for a batch's items (counted once). */
  durationMs?: number;
}

export function createProviderHealth(store: Store) {
  const pollDuration = storedHistogram(
    store,
    'sitewire_provider_poll_duration_seconds',
    'Provider status polls by provider, from the first request to the answer (retries included).',
  );

  function credentials(w: Writer, provider: string, apiKey: string, outcome: PollOutcome): void {
    if (outcome.kind !== 'refused' && outcome.kind !== 'reading' && outcome.kind !== 'not_found') return;
    const key = `credentials_refused:${provider}`;
    const before = store.meta.get(key) || null;
    const v = credentialsVerdict(before, keyFingerprint(apiKey), outcome.kind === 'refused');
    if (v.remember !== before) store.meta.set(key, v.remember ?? '');
    if (v.emit && outcome.kind === 'refused') {
      const facts = { provider, status_code: outcome.status, message: outcome.message };
      w.emit(operationalEvent('provider.credentials_refused', facts, new Date(w.now).toISOString()));
    }
  }

  function quiet(w: Writer, watch: Watch): void {
    const provider = watch.provider;
    const key = `webhooks_quiet:${provider}`;
    const seen = store.meta.get(webhookSeenKey(provider));
    const lastWebhookAt = seen ? Number(seen) : null;
    const v = quietVerdict({
      now: w.now,
      lastWebhookAt,
      watchingSince: watch.createdAt,
      reportedSpell: store.meta.get(key) ?? null,
    });
    if (!v.emit) return;
    store.meta.set(key, v.spell);
    const active = store.watches.countByProviderAndState().find((c) => c.provider === provider && c.state === 'active');
    const facts = {
      provider,
      active_watches: active?.count ?? 0,
      last_webhook_at: lastWebhookAt === null ? null : new Date(lastWebhookAt).toISOString(),
    };
    w.emit(operationalEvent('provider.webhooks_quiet', facts, new Date(w.now).toISOString()));
  }

  return {
    /** Inside the poll's transaction, once its answer has been observed. */
    afterPoll(w: Writer, p: PollDone): void {
      if (p.durationMs !== undefined) pollDuration.observe(p.durationMs / 1000, { provider: p.watch.provider });
      credentials(w, p.watch.provider, p.apiKey, p.outcome);
      if (p.changed) quiet(w, p.watch);
    },
    /** A batch request's duration: one observation for the request, however many watches it answered. */
    observeDuration(provider: string, ms: number): void {
      store.transaction(() => pollDuration.observe(ms / 1000, { provider }));
    },
    collectors: [() => pollDuration.collect()],
  };
}

export type ProviderHealth = ReturnType<typeof createProviderHealth>;
