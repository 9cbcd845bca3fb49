/**
 * Per-subscription delivery settings on Workers, through the Queue path: the headers
 * and timeout travel in the signed-ahead message, the retry schedule applies where
 * outcomes are recorded, the rate limit where heads are claimed; and an exhausted
 * schedule raises delivery.dead there too.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxInWindow } from '../helpers/max-in-window';
import { verifyDelivery } from '../helpers/verify-delivery';
import { stubOutbound } from './outbound';
import { apiJson, postWarpweb, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const SINK = 'https://settings-sink.example';

async function subscribe(path: string, site: string, settings: Record<string, unknown>) {
  const body = { url: `${SINK}${path}`, types: ['form.submitted'], resources: [`warpweb/site/${site}`], ...settings };
  const created = await apiJson('/v1/subscriptions', 'POST', body);
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
}

async function ingest(siteId: string, name: string): Promise<string> {
  const res = await postWarpweb(warpwebEnvelope('form.submit', siteId, { name }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: string[] }).events[0]!;
}

const deliveriesOf = async (id: string) => (await apiJson(`/v1/subscriptions/${id}/deliveries`)).body.data as any[];
const statuses = async (id: string) => (await deliveriesOf(id)).map((d) => d.status);
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

describe('delivery settings through Queue consumers', () => {
  it('send the static headers on every attempt and use the own retry schedule; delivery.dead is recorded', async () => {
    const outbound = stubOutbound();
    outbound.route((req) => (req.url.startsWith(SINK) ? new Response('no', { status: 500 }) : undefined));
    const headers = { Authorization: 'Bearer receiver-token', 'X-Team': 'blue' };
    const sub = await subscribe('/headers', 'w-settings-h', { headers, retry_schedule: '50ms,50ms' });
    const id = await ingest('w-settings-h', 'x');

    // Three attempts (two delays), where the relay's schedule of six delays would give seven.
    await poll(() => statuses(sub.id)).toEqual(['dead']);
    const calls = outbound.to(`${SINK}/headers`);
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      expect(c.headers.authorization).toBe('Bearer receiver-token');
      expect(c.headers['x-team']).toBe('blue');
      expect(verifyDelivery(sub.secret, c)).toMatchObject({ id });
    }
    const ops = (await apiJson('/v1/events?types=delivery.dead&limit=1000')).body.data as any[];
    expect(ops.filter((e) => e.data.subscription_id === sub.id).map((e) => e.data.event_id)).toEqual([id]);
  });

  it('time an attempt out after the own timeout_ms, carried in the message', async () => {
    const outbound = stubOutbound();
    outbound.route(async (req) => {
      if (!req.url.startsWith(`${SINK}/slow`)) return undefined;
      // A receiver that answers in 1 s, unless the attempt's own signal gives up first (as fetch would).
      await new Promise((resolve, reject) => {
        setTimeout(resolve, 1_000);
        req.signal.addEventListener('abort', () => reject(req.signal.reason));
      });
      return new Response(null, { status: 204 });
    });
    const sub = await subscribe('/slow', 'w-settings-t', { timeout_ms: 150, retry_schedule: '50ms' });
    await ingest('w-settings-t', 'x');
    await poll(() => statuses(sub.id)).toEqual(['dead']);
    const [d] = await deliveriesOf(sub.id);
    expect(d.attempts.map((a: any) => a.error)).toEqual(['timed out after 150 ms', 'timed out after 150 ms']);
  });

  it('claim at most per_second heads in any second', async () => {
    const outbound = stubOutbound();
    outbound.route((req) => (req.url.startsWith(SINK) ? new Response(null, { status: 204 }) : undefined));
    const sites = Array.from({ length: 8 }, (_, i) => `w-settings-r${i}`);
    const body = {
      url: `${SINK}/rate`,
      types: ['form.submitted'],
      resources: sites.map((s) => `warpweb/site/${s}`),
      rate_limit: { per_second: 4 },
    };
    const sub = (await apiJson('/v1/subscriptions', 'POST', body)).body as { id: string };
    for (const site of sites) await ingest(site, 'x');
    await poll(async () => (await statuses(sub.id)).filter((s) => s === 'succeeded').length).toBe(8);
    const started = (await deliveriesOf(sub.id)).map((d) => Date.parse(d.attempts[0].at)).sort((a, b) => a - b);
    // Claims are paced 250 ms apart; consumers start them after Queue batching, so allow two more per second.
    expect(maxInWindow(started, 999)).toBeLessThanOrEqual(6);
    expect(started.at(-1)! - started[0]!).toBeGreaterThanOrEqual(7 * 250 - 300);
  });
});
