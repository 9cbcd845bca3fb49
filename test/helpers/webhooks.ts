/** Sends provider webhooks the way Warpweb and Lindo do, over HTTP to a relay. */
import { LINDO_TOKEN, WARPWEB_SECRET } from './relay';
import { lindoIngestPath, lindoWebhook, warpwebWebhook } from './webhook-requests';

export { warpwebEnvelope } from './webhook-requests';

export async function postWarpweb(
  baseUrl: string,
  body: unknown,
  opts: { secret?: string; timestamp?: number; raw?: string } = {},
): Promise<Response> {
  return fetch(
    `${baseUrl}/ingest/warpweb`,
    await warpwebWebhook(body, { ...opts, secret: opts.secret ?? WARPWEB_SECRET }),
  );
}

export function postLindo(
  baseUrl: string,
  body: unknown,
  opts: { token?: string; raw?: string } = {},
): Promise<Response> {
  return fetch(baseUrl + lindoIngestPath(opts.token ?? LINDO_TOKEN), lindoWebhook(body, opts));
}
