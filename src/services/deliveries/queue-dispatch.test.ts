import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { emptyData } from '../../core/event';
import { newSecret } from '../../core/standard-webhooks';
import { silentLogger } from '../../log';
import { subscriptionRow } from '../../storage/deliveries-fixtures';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import { createAttemptGate } from './attempt-gate';
import { consumeDeliveries, MAX_CONNECTIONS } from './queue-consumer';
import { createQueueDispatcher, QUEUE_LEASE_MARGIN_MS } from './queue-dispatch';
import { type DeliveryMessage, MAX_MESSAGE_BYTES, messageBytes } from './queue-messages';
import { createTargetGuard } from './target-guard';

// Signed now, so the receiver library's timestamp tolerance accepts the deliveries.
const T = Date.now();
const TIMEOUT = 1_000;
const SECRET = newSecret();

function harness() {
  const store = createStore(openNodeSqlite(':memory:'));
  store.subscriptions.insert({ ...subscriptionRow('sub_a'), secret: SECRET });
  const clock = { now: T };
  const queued: DeliveryMessage[] = [];
  const dispatcher = createQueueDispatcher({
    store,
    logger: silentLogger,
    now: () => clock.now,
    timeoutFor: () => TIMEOUT,
    gate: createAttemptGate({ store, leaseMs: () => TIMEOUT + QUEUE_LEASE_MARGIN_MS }),
    secretsFor: (s) => [s.secret],
    wake: () => {},
    queue: { sendBatch: async (ms) => void queued.push(...[...ms].map((m) => m.body)) },
    record: { store, logger: silentLogger, retryScheduleMs: [5_000, 30_000] },
  });
  let n = 0;
  const event = (subject: string, time = 'x') => {
    n += 1;
    const data = emptyData('warpweb', 'webhook');
    const e = store.events.append(
      { id: `evt_${n}`, type: 'form.submitted', subject, provider: 'warpweb', time, data },
      clock.now,
    );
    store.deliveries.enqueue('sub_a', e, clock.now);
    return e;
  };
  const received: { id: string; body: string; headers: Record<string, string> }[] = [];
  let status = 204;
  const lost = { outcomes: false };
  const owner = {
    deliveryBody: async (id: string, lease: number) => dispatcher.body(id, lease),
    deliveryOutcomes: async (o: Parameters<typeof dispatcher.accept>[0]) => {
      if (!lost.outcomes) dispatcher.accept(o);
    },
  };
  const fetch = (async (_url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    received.push({ id: headers['webhook-id']!, body: init.body as string, headers });
    return new Response(null, { status });
  }) as typeof globalThis.fetch;
  const acks = { n: 0 };
  const consume = (messages: DeliveryMessage[]) =>
    consumeDeliveries(
      messages.map((body) => ({ body, ack: () => void acks.n++ })),
      {
        owner,
        fetch,
        guard: createTargetGuard({ allowPrivate: false }),
        timeoutMs: TIMEOUT,
        now: () => clock.now,
      },
    );
  /** Runs the delivery task; returns the messages it queued. */
  const dispatch = async () => {
    const from = queued.length;
    await dispatcher.task.run(clock.now);
    return queued.slice(from);
  };
  const row = (id: string) => store.deliveries.get(id)!;
  const setStatus = (s: number) => {
    status = s;
  };
  return { store, clock, event, received, consume, dispatch, row, lost, acks, setStatus };
}

describe('deliveries over a Queue', () => {
  it('signs ahead, keeps per-subject order, and records each outcome under its lease', async () => {
    const h = harness();
    const e1 = h.event('warpweb/site/a');
    const e2 = h.event('warpweb/site/a');
    const first = await h.dispatch();
    // Only the head of the subject goes; its headers verify with the subscriber's secret, and no secret travels.
    expect(first.map((m) => m.body && JSON.parse(m.body).id)).toEqual([e1.id]);
    expect(JSON.stringify(first)).not.toContain(SECRET.slice(6));
    expect(await h.dispatch()).toEqual([]); // claimed: not due again while its lease holds
    await h.consume(first);
    expect(new Webhook(SECRET).verify(h.received[0]!.body, h.received[0]!.headers)).toEqual(JSON.parse(e1.json));
    expect(h.row(first[0]!.id)).toMatchObject({ status: 'succeeded', attemptCount: 1 });
    const second = await h.dispatch();
    expect(second.map((m) => JSON.parse(m.body!).id)).toEqual([e2.id]);
    expect(h.acks.n).toBe(1);
  });

  it("labels a structured subscription's body as CloudEvents, signed ahead like any other", async () => {
    const h = harness();
    h.store.subscriptions.save({ ...h.store.subscriptions.get('sub_a')!, contentMode: 'structured' });
    h.event('warpweb/site/s');
    const [m] = await h.dispatch();
    expect(m!.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    await h.consume([m!]);
    expect(h.received[0]!.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
  });

  it('costs one extra attempt for the same message twice, and ignores the second outcome', async () => {
    const h = harness();
    h.event('warpweb/site/b');
    const [m] = await h.dispatch();
    const outcomes = await h.consume([m!, m!]);
    expect(outcomes).toHaveLength(2);
    expect(h.acks.n).toBe(2);
    expect(h.row(m!.id)).toMatchObject({ status: 'succeeded', attemptCount: 1 });
  });

  it('ignores a stale lease: an old message arriving after the retry was claimed records nothing', async () => {
    const h = harness();
    h.event('warpweb/site/c');
    const [old] = await h.dispatch();
    h.setStatus(500);
    await h.consume([old!]);
    expect(h.row(old!.id)).toMatchObject({ status: 'failed', attemptCount: 1, nextAttemptAt: T + 5_000 });
    h.clock.now = T + 5_000;
    const [retry] = await h.dispatch();
    expect(retry!.lease).not.toBe(old!.lease);
    h.setStatus(204);
    await h.consume([retry!, old!]); // out of order: the retry first, then the old message again
    expect(h.row(old!.id)).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    expect(h.row(old!.id).attempts.map((a) => a.status_code)).toEqual([500, 204]);
  });

  it('retries the head when an outcome RPC is lost: its lease expires', async () => {
    const h = harness();
    h.event('warpweb/site/d');
    const [m] = await h.dispatch();
    h.lost.outcomes = true;
    await h.consume([m!]);
    expect(h.row(m!.id)).toMatchObject({ status: 'pending', attemptCount: 0 });
    h.clock.now = T + TIMEOUT + QUEUE_LEASE_MARGIN_MS - 1;
    expect(await h.dispatch()).toEqual([]);
    h.clock.now += 1;
    const [again] = await h.dispatch();
    h.lost.outcomes = false;
    await h.consume([again!]);
    expect(h.row(m!.id)).toMatchObject({ status: 'succeeded', attemptCount: 1 });
    expect(h.received.map((r) => r.id)).toEqual([JSON.parse(again!.body!).id, JSON.parse(again!.body!).id]);
  });

  it('sends a body over the message limit by reference; the consumer fetches it while the lease holds', async () => {
    const h = harness();
    const big = h.event('warpweb/site/e', 'x'.repeat(MAX_MESSAGE_BYTES + 10));
    const [m] = await h.dispatch();
    expect(m).toMatchObject({ bodyRef: true });
    expect(m!.body).toBeUndefined();
    expect(messageBytes(m!)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    await h.consume([m!]);
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.body).toBe(big.json);
    expect(new Webhook(SECRET).verify(h.received[0]!.body, h.received[0]!.headers)).toEqual(JSON.parse(big.json));
    await h.consume([m!]); // stale now: nothing to fetch, nothing sent
    expect(h.received).toHaveLength(1);
    expect(h.acks.n).toBe(2);
  });

  it('keeps at most six attempts in flight per consumer invocation', async () => {
    let open = 0;
    let peak = 0;
    const fetch = (async () => {
      peak = Math.max(peak, ++open);
      await new Promise((r) => setTimeout(r, 5));
      open -= 1;
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const messages = Array.from({ length: 20 }, (_, i) => ({
      body: { id: `d${i}`, lease: 1, url: 'https://example.com/h', headers: {}, body: '{}' },
      ack: () => {},
    }));
    const reported: number[] = [];
    const owner = {
      deliveryBody: async () => null,
      deliveryOutcomes: async (o: unknown[]) => void reported.push(o.length),
    };
    const guard = createTargetGuard({ allowPrivate: false });
    await consumeDeliveries(messages, { owner, fetch, guard, timeoutMs: TIMEOUT, now: Date.now });
    expect(MAX_CONNECTIONS).toBe(6);
    expect(peak).toBe(MAX_CONNECTIONS);
    expect(reported).toEqual([20]); // one batched RPC
  });
});
