/**
 * Subscriber webhooks in workerd, driven by the Durable Object's alarm:
 * Standard Webhooks signatures a receiver library accepts, a retry after a
 * 500, and per-resource order.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consumeBatch } from '../../src/runtime/delivery-consumer';
import { createRelayObject } from '../../src/runtime/relay-object';
import { MAX_CONNECTIONS } from '../../src/services/deliveries/queue-consumer';
import { stubOutbound, type OutboundCall } from './outbound';
import { verifyDelivery } from '../helpers/verify-delivery';
import { apiJson, BASE, postWarpweb, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const SINK = 'https://sink.example';

/** Each test's subscription names its own resources, so no test's events reach another's receiver. */
async function subscribe(path: string, body: Record<string, unknown>) {
  const created = await apiJson('/v1/subscriptions', 'POST', { url: `${SINK}${path}`, ...body });
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
}

async function ingest(type: string, siteId: string, payload: Record<string, unknown> = {}): Promise<string> {
  const res = await postWarpweb(warpwebEnvelope(type, siteId, payload));
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: string[] }).events[0]!;
}

const deliveriesOf = async (subscriptionId: string) =>
  (await apiJson(`/v1/subscriptions/${subscriptionId}/deliveries`)).body.data as any[];
const eventIdOf = (call: OutboundCall) => call.headers['webhook-id'];

describe('subscriber deliveries by alarm in workerd', () => {
  it('signs each attempt the Standard Webhooks way and retries after a 500 until it succeeds', async () => {
    const outbound = stubOutbound();
    let answered = 0;
    outbound.route((req) =>
      req.url === `${SINK}/signed`
        ? new Response(answered++ === 0 ? 'busy' : 'ok', { status: answered === 1 ? 500 : 200 })
        : undefined,
    );
    const sub = await subscribe('/signed', { types: ['form.submitted'], resources: ['warpweb/site/dlv-site-1'] });
    const eventId = await ingest('form.submit', 'dlv-site-1', { name: 'Ann', email: 'ann@example.com' });

    await expect
      .poll(async () => (await deliveriesOf(sub.id))[0]?.status, { timeout: 10_000, interval: 50 })
      .toBe('succeeded');
    const received = outbound.to(`${SINK}/signed`);
    expect(received).toHaveLength(2);
    const stored = (await apiJson(`/v1/events/${eventId}`)).body;
    for (const call of received) {
      expect(call).toMatchObject({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': eventId },
      });
      expect(call.headers['user-agent']).toMatch(/^sitewire\//);
      // The receiver's library accepts the exact bytes and headers, and reads back the stored event.
      expect(verifyDelivery(sub.secret, call)).toEqual(stored);
    }
    expect(() => verifyDelivery('whsec_' + btoa('another secret of 24 bytes!'), received[0]!)).toThrow();

    const [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({ event_id: eventId, status: 'succeeded', attempt_count: 2, next_attempt_at: null });
    expect(delivery.attempts.map((a: any) => [a.attempt, a.status_code, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 200, null],
    ]);
    expect(delivery.attempts[0].response_excerpt).toBe('busy');
  });

  it('keeps per-resource order: a later event waits for the earlier one, another resource does not', async () => {
    const outbound = stubOutbound();
    let otherSeen = false;
    // The first event about site A is refused until the event about site B has arrived.
    outbound.route((req, call) => {
      if (req.url !== `${SINK}/ordered`) return undefined;
      const subject = JSON.parse(call.body).subject as string;
      if (subject.endsWith('/ord-b')) otherSeen = true;
      return new Response(null, { status: subject.endsWith('/ord-a') && !otherSeen ? 503 : 204 });
    });
    const sub = await subscribe('/ordered', {
      types: ['form.submitted'],
      resources: ['warpweb/site/ord-a', 'warpweb/site/ord-b'],
    });
    const a1 = await ingest('form.submit', 'ord-a', { name: 'first' });
    const a2 = await ingest('form.submit', 'ord-a', { name: 'second' });
    const b1 = await ingest('form.submit', 'ord-b', { name: 'other' });

    await expect
      .poll(async () => (await deliveriesOf(sub.id)).map((d) => d.status), { timeout: 15_000, interval: 50 })
      .toEqual(['succeeded', 'succeeded', 'succeeded']);
    const order = outbound.to(`${SINK}/ordered`).map(eventIdOf);
    const firstB = order.indexOf(b1);
    const lastA1 = order.lastIndexOf(a1);
    expect(order.filter((id) => id === b1)).toHaveLength(1);
    expect(order.indexOf(a1)).toBeLessThan(firstB); // B went while A's first event was still failing
    expect(lastA1).toBeGreaterThan(firstB);
    expect(order.slice(lastA1 + 1)).toEqual([a2]); // A's second event only after its first succeeded
  });
});

describe('delivery concurrency in workerd', () => {
  // With the DELIVERIES Queue (wrangler.toml) the object runs no attempt: they run in Queue consumers, each
  // invocation within its six connections. Several invocations may overlap (the limit is per invocation), so
  // this runs one invocation of the Worker's consumer on one batch of 18 messages and counts its connections.
  it('keeps attempts within the outbound connections of a Queue consumer invocation (six at once)', async () => {
    const outbound = stubOutbound();
    let open = 0;
    let peak = 0;
    const reached: string[] = [];
    outbound.route(async (req) => {
      if (!req.url.startsWith(`${SINK}/busy-`)) return undefined;
      peak = Math.max(peak, ++open);
      await new Promise((r) => setTimeout(r, 40));
      open--;
      reached.push(req.url);
      return new Response(null, { status: 204 });
    });
    const acked: string[] = [];
    // Leases no claim holds: the owner ignores their outcomes, as it ignores any stale report.
    const messages = Array.from({ length: 18 }, (_, i) => ({
      body: { id: `dlv_busy_${i}`, lease: 1, url: `${SINK}/busy-${i}`, headers: {}, body: '{}' },
      ack: () => void acked.push(`dlv_busy_${i}`),
    }));
    await consumeBatch(messages, env as never);
    expect(reached.sort()).toEqual(messages.map((m) => m.body.url).sort());
    expect(acked).toHaveLength(18);
    expect(peak).toBeGreaterThan(2);
    expect(peak).toBeLessThanOrEqual(MAX_CONNECTIONS);
  });
});

describe('the SSRF guard in workerd (no DNS: literals and local names)', () => {
  it('refuses loopback, private, link-local and local-name targets with 400 forbidden_target unless private targets are allowed', async () => {
    const refused = [
      'http://127.0.0.1/',
      'http://127.1.2.3:8080/hook',
      'http://[::1]/',
      'http://localhost/',
      'http://LOCALHOST./x',
      'http://api.localhost/',
      'http://10.0.0.7/',
      'http://192.168.1.10/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0x7f.1/',
      'http://2130706433/',
      'http://0.0.0.0/',
      'http://sink/',
      'http://printer.local/',
      'http://db.internal/',
      'ftp://example.com/',
    ];
    const answers = await runInDurableObject(env.RELAY.getByName('ssrf-strict'), async (_object, state) => {
      // The same object code, with SITEWIRE_ALLOW_PRIVATE_TARGETS off (the production default).
      const object = createRelayObject(state, { ...env, SITEWIRE_ALLOW_PRIVATE_TARGETS: 'false' });
      const call = async (method: string, path: string, body: unknown) => {
        const res = await object.fetch(
          new Request(BASE + path, {
            method,
            headers: { authorization: `Bearer ${env.SITEWIRE_ADMIN_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        );
        return { status: res.status, body: (await res.json()) as any };
      };
      const out: Record<string, { status: number; code?: string }> = {};
      for (const url of refused) {
        const r = await call('POST', '/v1/subscriptions', { url });
        out[url] = { status: r.status, code: r.body.error?.code };
      }
      const ok = await call('POST', '/v1/subscriptions', { url: 'https://hooks.example.com/sitewire' });
      const patched = await call('PATCH', `/v1/subscriptions/${ok.body.id}`, { url: 'http://[::1]:8080/' });
      return { out, ok: ok.status, patched: { status: patched.status, code: patched.body.error?.code } };
    });
    for (const url of refused)
      expect([url, answers.out[url]]).toEqual([
        url,
        { status: 400, code: url.startsWith('ftp:') ? 'invalid_request' : 'forbidden_target' },
      ]);
    expect(answers.ok).toBe(201);
    expect(answers.patched).toEqual({ status: 400, code: 'forbidden_target' });
  });
});
