/** Sends provider webhooks the way Warpweb and Lindo do. */
import { signWarpweb } from '../../src/providers/warpweb/verify';
import { LINDO_TOKEN, WARPWEB_SECRET } from './relay';

let counter = 0;

/** A Warpweb lifecycle envelope with a fresh event id. */
export function warpwebEnvelope(type: string, siteId: string, payload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
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

export async function postWarpweb(
  baseUrl: string,
  body: unknown,
  opts: { secret?: string; timestamp?: number; raw?: string } = {},
): Promise<Response> {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${baseUrl}/ingest/warpweb`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-warpweb-timestamp': String(ts),
      'x-warpweb-signature': await signWarpweb(opts.secret ?? WARPWEB_SECRET, ts, raw),
      'x-warpweb-event-type': typeof body === 'object' && body && 'type' in body ? String(body.type) : '',
    },
    body: raw,
  });
}

export function postLindo(baseUrl: string, body: unknown, opts: { token?: string; raw?: string } = {}): Promise<Response> {
  return fetch(`${baseUrl}/ingest/lindo?token=${encodeURIComponent(opts.token ?? LINDO_TOKEN)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'LindoAI-Webhooks/1.0' },
    body: opts.raw ?? JSON.stringify(body),
  });
}
