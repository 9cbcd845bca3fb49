/**
 * The first half of an ingest: verify a provider webhook and parse it into
 * signals. Pure and runtime-free (no storage, no clock but the one given), so
 * it runs wherever the webhook arrives — in the Worker, before it knows which
 * object will commit it (docs/scaling.md#the-routing-table-built) — and the
 * commit (ingest.ts) runs where the subject's state lives.
 */
import { subjectOf } from '../core/event';
import type { AdapterContext, ParsedWebhook, ProviderAdapter, WebhookRequest } from '../providers/types';

/** Throws the provider's AppError (invalid_signature, invalid_payload, ...) when the webhook is refused. */
export async function verifyAndParse(
  provider: ProviderAdapter,
  req: WebhookRequest,
  ctx: AdapterContext,
): Promise<ParsedWebhook> {
  await provider.verifyWebhook(req, ctx);
  return provider.parseWebhook(req, ctx);
}

/**
 * The subject a verified webhook is about: that of its first signal (a provider webhook describes
 * one resource), or its dedup key when it carries no signal, so that even then a provider's retry
 * is routed where its first delivery was.
 */
export function webhookSubject(parsed: ParsedWebhook): string {
  const first = parsed.signals[0];
  if (!first) return parsed.dedupKey;
  if (first.signal === 'event') return first.subject;
  const { provider, kind, resourceId } = first.observation;
  return subjectOf(provider, kind, resourceId);
}
