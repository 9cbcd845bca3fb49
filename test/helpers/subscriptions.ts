/** Subscription and event shortcuts over the relay's HTTP API. */
import { afterEach, expect } from 'vitest';
import type { TestRelay } from './relay';
import { startSink, type Sink } from './sink';
import { postLindo, postWarpweb, warpwebEnvelope } from './webhooks';

export interface SubscriptionJson {
  id: string;
  url: string;
  secret: string;
  enabled: boolean;
  disabled_reason: string | null;
  previous_secret_expires_at: string | null;
  [key: string]: unknown;
}

export interface DeliveryJson {
  id: string;
  status: string;
  event_id: string;
  event_sequence: string;
  attempt_count: number;
  last_error: string | null;
  attempts: {
    attempt: number;
    at: string;
    status_code: number | null;
    duration_ms: number;
    error: string | null;
    response_excerpt: string | null;
  }[];
}

export async function subscribe(relay: TestRelay, body: Record<string, unknown>): Promise<SubscriptionJson> {
  const res = await relay.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return res.json();
}

export async function getJson<T = any>(relay: TestRelay, path: string, init?: RequestInit): Promise<T> {
  const res = await relay.api(path, init);
  expect(res.status, `${init?.method ?? 'GET'} ${path}`).toBeLessThan(300);
  return res.json() as Promise<T>;
}

export const deliveriesOf = async (relay: TestRelay, subId: string, status?: string): Promise<DeliveryJson[]> =>
  (await getJson(relay, `/v1/subscriptions/${subId}/deliveries${status ? `?status=${status}` : ''}`)).data;

/** Ingests one Warpweb webhook and returns the ids of the events it produced. */
export async function sendWarpweb(
  relay: { url: string },
  type: string,
  siteId: string,
  payload: Record<string, unknown> = {},
): Promise<string[]> {
  const res = await postWarpweb(relay.url, warpwebEnvelope(type, siteId, payload));
  expect(res.status).toBe(200);
  return (await res.json()).events;
}

/** A form submission: a direct event, so any number of them can be about one site. */
export const sendForm = (relay: { url: string }, siteId: string, name: string) =>
  sendWarpweb(relay, 'form.submit', siteId, { name });

export async function sendLindoClient(relay: { url: string }, clientId: string): Promise<void> {
  const res = await postLindo(relay.url, {
    event: 'client.created',
    timestamp: new Date().toISOString(),
    data: { client_id: clientId },
  });
  expect(res.status).toBe(200);
}

/** expect.poll with room for a loaded CI machine (deliveries involve timers and several round trips). */
export const eventually = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 20 });

/**
 * Sinks of one test file: `sink()` starts one (answering like `startSink`); after each test every
 * subscription of the relay is deleted and the test's sinks are closed, so tests never see each other's deliveries.
 */
export function useSinks(relay: TestRelay): (...args: Parameters<typeof startSink>) => Promise<Sink> {
  const sinks: Sink[] = [];
  afterEach(async () => {
    for (const s of (await getJson(relay, '/v1/subscriptions')).data)
      await relay.api(`/v1/subscriptions/${s.id}`, { method: 'DELETE' });
    await Promise.all(sinks.splice(0).map((s) => s.close()));
  });
  return async (...args) => {
    const s = await startSink(...args);
    sinks.push(s);
    return s;
  };
}
