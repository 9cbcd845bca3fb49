/** Talking to the relay inside workerd: through the Worker's own fetch, as a client would. */
import { env, exports } from 'cloudflare:workers';
import { RELAY_OBJECT, shardName, shardOf } from '../../src/runtime/object-router';
import { lindoIngestPath, lindoWebhook, warpwebWebhook } from '../helpers/webhook-requests';

export { warpwebEnvelope } from '../helpers/webhook-requests';

export const BASE = 'http://relay.test';

/** The object every request is routed to (one relay today). */
export const relayStub = () => env.RELAY.getByName(RELAY_OBJECT);

/** The resource shard that holds a subject (its state, its watch) under the suite's SITEWIRE_SHARDS. */
export const shardStub = (subject: string) =>
  env.SHARD.getByName(shardName(shardOf(subject, Number(env.SITEWIRE_SHARDS))));

export const relayFetch = (path: string, init?: RequestInit): Promise<Response> =>
  exports.default.fetch(new Request(BASE + path, init));

export const api = (path: string, init: RequestInit = {}): Promise<Response> =>
  relayFetch(path, { ...init, headers: { authorization: `Bearer ${env.SITEWIRE_ADMIN_TOKEN}`, ...init.headers } });

/** A JSON call to the API with the admin token: the status and the parsed body. */
export async function apiJson(path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: any }> {
  const res = await api(
    path,
    body === undefined
      ? { method }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

/** Stored events about one subject, oldest first. */
export async function eventsOf(subject: string): Promise<any[]> {
  return (await apiJson(`/v1/events?resources=${encodeURIComponent(subject)}&limit=1000`)).body.data;
}

export function postLindo(body: unknown): Promise<Response> {
  return relayFetch(lindoIngestPath(env.LINDO_WEBHOOK_TOKEN), lindoWebhook(body));
}

export async function postWarpweb(body: unknown, secret = env.WARPWEB_WEBHOOK_SECRET): Promise<Response> {
  return relayFetch('/ingest/warpweb', await warpwebWebhook(body, { secret }));
}
