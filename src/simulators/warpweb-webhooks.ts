/** Sends a Warpweb lifecycle webhook the way Warpweb does: the envelope, signed over `<timestamp>.<raw body>`. */
import { signWarpweb } from '../providers/warpweb/verify';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export async function sendWarpwebWebhook(
  target: WebhookTarget,
  e: { type: string; siteId: string; occurredAt: number; payload: Record<string, unknown> },
  opts: { now: number; fetch?: typeof fetch },
): Promise<number> {
  const body = JSON.stringify({
    event_id: crypto.randomUUID(),
    type: e.type,
    site_id: e.siteId,
    occurred_at: new Date(e.occurredAt).toISOString(),
    payload: e.payload,
  });
  const ts = Math.floor(opts.now / 1000);
  const res = await (opts.fetch ?? fetch)(
    new Request(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Warpweb-Webhook/1.0',
        'x-warpweb-timestamp': String(ts),
        'x-warpweb-signature': await signWarpweb(target.secret, ts, body),
        'x-warpweb-event-type': e.type,
      },
      body,
    }),
  );
  await res.arrayBuffer();
  return res.status;
}
