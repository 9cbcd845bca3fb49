/**
 * The relay object after an eviction or a deploy: its ticker's memory is gone,
 * so what is due must come back from the database, by the stored alarm or by
 * the new instance arming one. Its own file: abortAllDurableObjects() resets
 * every object of this runtime.
 */
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSecret } from '../../src/core/standard-webhooks';
import { subscriptionRow } from '../../src/storage/deliveries-fixtures';
import { watch } from '../../src/storage/watches.contract';
import { stubOutbound } from './outbound';
import { warpwebSite } from './providers';
import { apiJson, eventsOf, postWarpweb, relayFetch, relayStub, shardStub, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const SINK = 'https://sink.example';
const deliveriesOf = async (subscriptionId: string) =>
  (await apiJson(`/v1/subscriptions/${subscriptionId}/deliveries`)).body.data as any[];

/** Marks the live instance, to tell later whether the one answering is a new one. */
const mark = () =>
  runInDurableObject(relayStub(), (instance) => void ((instance as unknown as { mark: boolean }).mark = true));
const isMarked = () =>
  runInDurableObject(relayStub(), (instance) => (instance as unknown as { mark?: boolean }).mark === true);

describe('the relay object after an eviction', () => {
  it('retries a delivery from its stored alarm, with no request to wake it', async () => {
    const outbound = stubOutbound();
    let answered = 0;
    outbound.route((req) =>
      req.url === `${SINK}/evicted`
        ? answered++ === 0
          ? new Response('later', { status: 503, headers: { 'retry-after': '1' } })
          : new Response('ok')
        : undefined,
    );
    const sub = (
      await apiJson('/v1/subscriptions', 'POST', { url: `${SINK}/evicted`, resources: ['warpweb/site/evict-1'] })
    ).body;
    const res = await postWarpweb(warpwebEnvelope('form.submit', 'evict-1', { name: 'Ann' }));
    expect(res.status).toBe(200);
    await expect
      .poll(async () => (await deliveriesOf(sub.id))[0]?.status, { timeout: 10_000, interval: 50 })
      .toBe('failed');
    await mark();

    await abortAllDurableObjects();
    // Nothing talks to the object now: only its alarm can bring the retry.
    await expect.poll(() => outbound.to(`${SINK}/evicted`).length, { timeout: 10_000, interval: 50 }).toBe(2);
    expect(await isMarked()).toBe(false);
    const [delivery] = await deliveriesOf(sub.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 2 });
    expect(delivery.attempts.map((a: any) => a.status_code)).toEqual([503, 200]);
  });

  it('picks up due polls and deliveries from the database when a new instance starts, even with no alarm stored', async () => {
    const outbound = stubOutbound();
    const id = crypto.randomUUID();
    const subject = `warpweb/site/${id}`;
    const site = warpwebSite(outbound, id, [1]);
    outbound.route((req) => (req.url === `${SINK}/restarted` ? new Response(null, { status: 204 }) : undefined));

    // Rows written as if by instances that died before arming anything: the subscription at the log,
    // the watch on the shard that holds its subject.
    const now = Date.now();
    const noAlarm = async (state: {
      storage: { deleteAlarm(): Promise<void>; getAlarm(): Promise<number | null> };
    }) => {
      await state.storage.deleteAlarm();
      return state.storage.getAlarm();
    };
    const logAlarm = await runInDurableObject(relayStub(), async ({ object }, state) => {
      object.relay!.store.subscriptions.insert({
        ...subscriptionRow('sub_restarted', now),
        url: `${SINK}/restarted`,
        resources: [subject],
        secret: newSecret(),
      });
      return noAlarm(state);
    });
    const alarm = await runInDurableObject(shardStub(subject), async ({ object }, state) => {
      object.relay!.store.watches.insert(
        watch({
          id: 'wat_restarted',
          provider: 'warpweb',
          kind: 'site',
          resourceId: id,
          nextPollAt: now,
          deadlineAt: now + 3_600_000,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return noAlarm(state);
    });
    expect([logAlarm, alarm]).toEqual([null, null]);
    await abortAllDurableObjects();

    // Any request starts a new instance: the watch list asks every shard.
    expect((await relayFetch('/healthz')).status).toBe(200);
    expect((await apiJson('/v1/watches?limit=1')).status).toBe(200);
    await expect
      .poll(async () => (await deliveriesOf('sub_restarted'))[0]?.status, { timeout: 10_000, interval: 50 })
      .toBe('succeeded');
    const events = await eventsOf(subject);
    expect(events.map((e) => [e.type, e.data.observed_via])).toEqual([['site.complete', 'poll']]);
    expect(site.polls()).toHaveLength(1);
    expect(outbound.to(`${SINK}/restarted`).map((c) => c.headers['webhook-id'])).toEqual([events[0].id]);
    expect((await apiJson('/v1/watches/wat_restarted')).body).toMatchObject({ state: 'done', polls: 1 });
  });
});
