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

/**
 * Warpweb places everything about a site with the site (docs/scaling.md#resource-shards-built): its
 * webhooks always name the site, its revisions are started from the site's watch and a revision
 * webhook that names no revision is matched against the site's open revisions.
 */
const PLACED_BY_SITE = new Set(['warpweb']);

/**
 * The key that picks a webhook's resource shard: its site's subject for a provider placed by site,
 * else its subject (webhookSubject).
 */
export function webhookPlacement(parsed: ParsedWebhook): string {
  const first = parsed.signals[0];
  if (first?.signal === 'state' && first.observation.siteId && PLACED_BY_SITE.has(first.observation.provider))
    return subjectOf(first.observation.provider, 'site', first.observation.siteId);
  if (first?.signal === 'event' && PLACED_BY_SITE.has(first.provider)) {
    const [provider, kind, id] = first.subject.split('/');
    if (kind === 'site' && id) return subjectOf(provider!, 'site', id);
  }
  return webhookSubject(parsed);
}
