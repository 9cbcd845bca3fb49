/**
 * Provider webhooks as requests, the way Warpweb and Lindo send them: Web
 * standards only, so the Node tests (helpers/webhooks.ts) and the workerd
 * tests (workers/relay.ts) build them the same way and only send them
 * differently (over HTTP, or through the Worker's own fetch).
 */
import { signWarpweb } from '../../src/providers/warpweb/verify';

let counter = 0;

/** A Warpweb lifecycle envelope with a fresh event id. */
export function warpwebEnvelope(
  type: string,
  siteId: string,
  payload: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  counter += 1;
  return {
    event_id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}-${Math.random().toString(16).slice(2, 8)}`,
    type,
    site_id: siteId,
    occurred_at: new Date().toISOString(),
    payload,
    ...extra,
  };
}

/** POST /ingest/warpweb: the raw body signed over `<timestamp>.<raw body>`. */
export async function warpwebWebhook(
  body: unknown,
  opts: { secret: string; timestamp?: number; raw?: string },
): Promise<RequestInit> {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-warpweb-timestamp': String(ts),
      'x-warpweb-signature': await signWarpweb(opts.secret, ts, raw),
      'x-warpweb-event-type': typeof body === 'object' && body && 'type' in body ? String(body.type) : '',
    },
    body: raw,
  };
}

/** POST /ingest/lindo: unsigned (the URL carries the token). */
export function lindoWebhook(body: unknown, opts: { raw?: string } = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'LindoAI-Webhooks/1.0' },
    body: opts.raw ?? JSON.stringify(body),
  };
}

export const lindoIngestPath = (token: string) => `/ingest/lindo?token=${encodeURIComponent(token)}`;
