/**
 * Delivery attempts on Cloudflare Queues in workerd (Miniflare's queue, the
 * DELIVERIES binding of wrangler.toml): end to end through the Worker, a
 * message the owning object no longer holds a lease for, and an eviction of
 * the object between the claim and the outcome. Its own file, like
 * restart.workers.test.ts: abortAllDurableObjects() resets every object.
 */
import {
  abortAllDurableObjects,
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/runtime/worker';
import { MAX_MESSAGE_BYTES, type DeliveryMessage } from '../../src/services/deliveries/queue-messages';
import { verifyDelivery } from '../helpers/verify-delivery';
import { stubOutbound } from './outbound';
import { apiJson, postWarpweb, relayFetch, relayStub, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const SINK = 'https://queue-sink.example';

async function subscribe(path: string, resources: string[]) {
  const body = { url: `${SINK}${path}`, types: ['form.submitted'], resources };
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
const succeeded = async (id: string) => (await deliveriesOf(id)).filter((d) => d.status === 'succeeded').length;
const allSucceeded = (id: string, n: number) =>
  expect.poll(() => succeeded(id), { timeout: 15_000, interval: 50 }).toBe(n);

describe('deliveries through Queue consumers', () => {
  it('reports the Queue in the health topology', async () => {
    const res = await relayFetch('/healthz');
    expect(await res.json()).toMatchObject({ runtime: 'workers', topology: { shards: 3, fanouts: 2, queue: true } });
  });

  it('delivers to two subscriptions, one failing its first attempt, signed and in per-subject order', async () => {
    const outbound = stubOutbound();
    let refused = false;
    outbound.route((req) => {
      if (!req.url.startsWith(SINK)) return undefined;
      if (req.url.endsWith('/flaky') && !refused) {
        refused = true;
        return new Response('not yet', { status: 500 });
      }
      return new Response(null, { status: 204 });
    });
    const sites = ['q-site-a', 'q-site-b'];
    const resources = sites.map((s) => `warpweb/site/${s}`);
    const steady = await subscribe('/steady', resources);
    const flaky = await subscribe('/flaky', resources);
    const sent: Record<string, string[]> = { 'q-site-a': [], 'q-site-b': [] };
    for (let i = 0; i < 3; i++) {
      for (const site of sites) sent[site]!.push(await ingest(site, `n${i}`));
    }
    await allSucceeded(steady.id, 6);
    await allSucceeded(flaky.id, 6);

    for (const [path, sub] of [
      ['/steady', steady],
      ['/flaky', flaky],
    ] as const) {
      const calls = outbound.to(`${SINK}${path}`);
      // Every call verifies with the subscription's secret (signed in the object, sent by the consumer).
      const bodies = calls.map((c) => verifyDelivery(sub.secret, c) as { id: string; subject: string });
      for (const site of sites) {
        const seen = bodies.filter((b) => b.subject === `warpweb/site/${site}`).map((b) => b.id);
        // Per subject: in order; the refused first attempt is retried before anything after it.
        expect([...new Set(seen)]).toEqual(sent[site]);
        const refusedHere = path === '/flaky' && seen.length === 4;
        expect(seen).toEqual(refusedHere ? [sent[site]![0], ...sent[site]!] : sent[site]);
      }
    }
    expect(outbound.to(`${SINK}/flaky`)).toHaveLength(7);
    const retried = (await deliveriesOf(flaky.id)).find((d) => d.attempt_count === 2);
    expect(retried.attempts.map((a: any) => a.status_code)).toEqual([500, 204]);
  });

  it('sends an event over the 128 KB message limit by reference, and the receiver gets it whole', async () => {
    const outbound = stubOutbound();
    outbound.route((req) => (req.url === `${SINK}/big` ? new Response(null, { status: 204 }) : undefined));
    const sub = await subscribe('/big', ['warpweb/site/q-big']);
    const id = await ingest('q-big', 'x'.repeat(MAX_MESSAGE_BYTES + 1_000));
    await allSucceeded(sub.id, 1);
    const [call] = outbound.to(`${SINK}/big`);
    expect(call!.body.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    expect(verifyDelivery(sub.secret, call!)).toEqual((await apiJson(`/v1/events/${id}`)).body);
  });

  it('costs one attempt for a repeated or out-of-order message, and records nothing for it', async () => {
    const outbound = stubOutbound();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    outbound.route(async (req) => {
      if (req.url !== `${SINK}/replayed`) return undefined;
      if (calls++ === 0) await held; // the first attempt waits until the test has read its lease
      return new Response(null, { status: 204 });
    });
    const sub = await subscribe('/replayed', ['warpweb/site/q-replay']);
    const first = await ingest('q-replay', 'first');
    await expect.poll(() => outbound.to(`${SINK}/replayed`).length, { timeout: 10_000, interval: 20 }).toBe(1);
    const [row] = await runInDurableObject(relayStub(), (_o, state) =>
      state.storage.sql
        .exec<{ id: string; claimed_at: number }>(
          'SELECT id, claimed_at FROM deliveries WHERE subscription_id = ?',
          sub.id,
        )
        .toArray(),
    );
    const call = outbound.to(`${SINK}/replayed`)[0]!;
    const { url, headers, body } = call;
    const message: DeliveryMessage = { id: row!.id, lease: row!.claimed_at, url, headers, body };
    release();
    await ingest('q-replay', 'second');
    await allSucceeded(sub.id, 2);

    // The first event's message again, twice, after the second event was delivered: out of order and repeated.
    const batch = createMessageBatch<DeliveryMessage>('sitewire-deliveries', [
      { id: 'again-1', timestamp: new Date(), attempts: 1, body: message },
      { id: 'again-2', timestamp: new Date(), attempts: 1, body: message },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never);
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(['again-1', 'again-2']);
    const ids = outbound.to(`${SINK}/replayed`).map((c) => c.headers['webhook-id']);
    expect(ids.slice(0, 2)).toEqual([first, expect.any(String)]);
    expect(ids.slice(2)).toEqual([first, first]); // one extra attempt per repeated message...
    // ...and nothing recorded: each row keeps its one attempt.
    const rows = (await deliveriesOf(sub.id)).map((d) => [d.status, d.attempt_count]);
    expect(rows).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
  });

  it('acks a message whose lease the object no longer holds, and sends nothing for it', async () => {
    const outbound = stubOutbound();
    const body: DeliveryMessage = { id: 'dlv_not_claimed', lease: 1, url: `${SINK}/stale`, headers: {}, bodyRef: true };
    const batch = createMessageBatch<DeliveryMessage>('sitewire-deliveries', [
      { id: 'msg-stale', timestamp: new Date(), attempts: 1, body },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['msg-stale']);
    expect(result.retryMessages).toEqual([]);
    expect(outbound.to(`${SINK}/stale`)).toEqual([]);
  });

  it('records the outcome when the object is evicted between the claim and the outcome', async () => {
    const outbound = stubOutbound();
    let evicted = false;
    outbound.route(async (req) => {
      if (!req.url.startsWith(`${SINK}/evicted`)) return undefined;
      if (!evicted) {
        evicted = true;
        await abortAllDurableObjects(); // the claim is in flight; the outcome reaches a new instance
      }
      return new Response(null, { status: 204 });
    });
    const sub = await subscribe('/evicted', ['warpweb/site/q-evict']);
    const first = await ingest('q-evict', 'first');
    const second = await ingest('q-evict', 'second');
    await allSucceeded(sub.id, 2);
    expect(evicted).toBe(true);
    // Nothing lost and nothing out of order: one attempt each, the first event first.
    expect(outbound.to(`${SINK}/evicted`).map((c) => c.headers['webhook-id'])).toEqual([first, second]);
    expect((await deliveriesOf(sub.id)).map((d) => d.attempt_count)).toEqual([1, 1]);
  });
});
