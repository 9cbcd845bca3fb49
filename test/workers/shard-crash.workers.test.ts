/**
 * Crashes between the steps of the sharded path, in real workerd: a shard that committed a webhook and
 * died before its forward reached the log, one whose forward reached the log but whose acknowledgement
 * was lost, and a log that appended an event and died before feeding the fan-outs. After
 * abortAllDurableObjects() each event has exactly one sequence and every listener gets it once. Its own
 * file, like restart.workers.test.ts: the reset ends every object of the runtime.
 */
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRelayObject } from '../../src/runtime/relay-object';
import { createShardObject, type ShardLog } from '../../src/runtime/shard-object';
import type { OutboxEntry } from '../../src/storage/outbox-store';
import { warpwebWebhook } from '../helpers/webhook-requests';
import { collect, open } from './listeners';
import { stubOutbound } from './outbound';
import { apiJson, BASE, eventsOf, postWarpweb, relayStub, shardStub, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The log as the live relay object's storage, appending without its fan-outs (as if it died before feeding them). */
const logWithoutFanouts: ShardLog = {
  appendOutbox: (source: string, entries: OutboxEntry[]) =>
    runInDurableObject(relayStub(), (_o, state) =>
      createRelayObject(state, { ...env, FANOUT: undefined, DELIVERIES: undefined }).appendOutbox(source, entries),
    ),
};

/** Posts a webhook to the subject's shard built over its own storage with `log` as the way to the log. */
async function commitOnShard(subject: string, log: ShardLog, envelope: Record<string, unknown>): Promise<string> {
  return runInDurableObject(shardStub(subject), async (_o, state) => {
    const name = (state.id as { name?: string }).name!;
    const shard = createShardObject(state, { ...env, RELAY: { getByName: () => log } }, name);
    const req = await warpwebWebhook(envelope, { secret: env.WARPWEB_WEBHOOK_SECRET });
    const res = await shard.fetch(new Request(`${BASE}/ingest/warpweb`, req));
    expect(res.status).toBe(200);
    return ((await res.json()) as { events: string[] }).events[0]!;
  });
}

const sequences = async (subject: string) => (await eventsOf(subject)).map((e) => [e.id, e.sequence]);

describe('crashes on the sharded path', () => {
  it('forwards once what a shard committed before it died, and what the log took before its answer was lost', async () => {
    stubOutbound();
    const site = `crash-${crypto.randomUUID().slice(0, 8)}`;
    const subject = `warpweb/site/${site}`;
    const unreachable: ShardLog = { appendOutbox: () => Promise.reject(new Error('log unreachable')) };
    const first = await commitOnShard(subject, unreachable, warpwebEnvelope('form.submit', site, { name: 'a' }));
    await abortAllDurableObjects();
    // A new instance of the shard (started here by a read that asks every shard) sends what its outbox
    // holds from its first alarm; an old instance's alarm may have sent it before the reset, or have been
    // cut off mid-send by it. Either way the log holds it once.
    expect((await apiJson('/v1/watches?limit=1')).status).toBe(200);
    await expect
      .poll(async () => (await eventsOf(subject)).map((e) => e.id), { timeout: 10_000, interval: 50 })
      .toEqual([first]);

    const ackLost: ShardLog = {
      appendOutbox: async (source, entries) => {
        await logWithoutFanouts.appendOutbox(source, entries);
        throw new Error('acknowledgement lost');
      },
    };
    const second = await commitOnShard(subject, ackLost, warpwebEnvelope('form.submit', site, { name: 'b' }));
    // The log took it, but the shard does not know it.
    expect((await eventsOf(subject)).map((e) => e.id)).toEqual([first, second]);

    await abortAllDurableObjects();
    // The new shard instance sends its outbox again (its alarm, or the next commit's forward, whichever
    // comes first); the log's cursor for the shard drops the repeat.
    const third = await postWarpweb(warpwebEnvelope('form.submit', site, { name: 'c' }));
    const thirdId = ((await third.json()) as { events: string[] }).events[0]!;
    await expect.poll(async () => (await eventsOf(subject)).length, { timeout: 10_000, interval: 50 }).toBe(3);
    const stored = await sequences(subject);
    expect(stored.map(([id]) => id)).toEqual([first, second, thirdId]);
    expect(new Set(stored.map(([, seq]) => seq)).size).toBe(3);
    const pending = await runInDurableObject(shardStub(subject), ({ object }) =>
      object.relay!.store.outbox.pending(10),
    );
    expect(pending).toEqual([]);
  });

  it('gives a listener the event a log appended before it died and never fed to the fan-outs, once', async () => {
    stubOutbound();
    const site = `crash-fanout-${crypto.randomUUID().slice(0, 8)}`;
    const subject = `warpweb/site/${site}`;
    const listener = { path: `/v1/stream?resources=${subject}` };
    const stream = await open(listener);
    const sent = [
      ((await (await postWarpweb(warpwebEnvelope('form.submit', site, { n: 1 }))).json()) as any).events[0],
    ];
    const [seen] = await collect(listener, stream, 1);
    expect(seen!.eventId).toBe(sent[0]);

    sent.push(await commitOnShard(subject, logWithoutFanouts, warpwebEnvelope('form.submit', site, { n: 2 })));
    expect((await eventsOf(subject)).map((e) => e.id)).toEqual(sent);
    await abortAllDurableObjects();

    const resumed = await open(listener, seen!.id);
    const reading = collect(listener, resumed, 2);
    sent.push(((await (await postWarpweb(warpwebEnvelope('form.submit', site, { n: 3 }))).json()) as any).events[0]);
    const after = await reading;
    expect(after.map((m) => m.eventId)).toEqual(sent.slice(1));
    const stored = await sequences(subject);
    expect(after.map((m) => m.id)).toEqual(stored.slice(1).map(([, seq]) => seq));
    expect((await apiJson(`/v1/events?resources=${subject}`)).body.data).toHaveLength(3);
  });
});
