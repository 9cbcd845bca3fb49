/**
 * The hand-over of sharded ingest in real workerd, between two objects with their own SQLite
 * storage: a shard commits verified webhooks to its outbox, the log (a relay object, over its
 * `appendOutbox` RPC) appends them. Objects are evicted between a shard's commit and the log's
 * append, and between the log's append and the shard hearing of it: every event gets exactly one
 * sequence, none is lost. Its own file: abortAllDurableObjects() resets every object of this runtime.
 */
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { warpweb } from '../../src/providers/warpweb';
import { createIngest } from '../../src/services/ingest';
import { createRecorder } from '../../src/services/recorder';
import { createOutboxForwarder } from '../../src/services/shards/outbox-forwarder';
import { outboxSink } from '../../src/services/shards/outbox-sink';
import { verifyAndParse, webhookSubject } from '../../src/services/webhook-verify';
import { openDurableObjectSql } from '../../src/storage/durable-object';
import { createStore } from '../../src/storage/store';
import { warpwebWebhook } from '../helpers/webhook-requests';
import { warpwebEnvelope } from './relay';
import { testLog } from './test-log';

const LOG = 'outbox-log';
const SHARD = 'outbox-shard';
const config = loadConfig(env as unknown as Record<string, unknown>);
const log = testLog(LOG);

/** The shard's half, built over the storage of the object it runs in. */
function shard(storage: DurableObjectStorage) {
  const store = createStore(openDurableObjectSql(storage as never));
  const pipeline = { inTransaction: [], afterCommit: [] };
  const recorder = createRecorder({ store, now: Date.now, pipeline, sink: outboxSink(store) });
  const ingest = createIngest({ config, store, recorder, takeStateSignal: () => false, now: Date.now });
  const forwarder = createOutboxForwarder(store, (entries) => log.appendOutbox(SHARD, entries));
  return { store, ingest, forwarder };
}

/** A signed Warpweb webhook, verified and parsed as the Worker does before it picks the shard. */
async function verified(body: unknown) {
  const init = await warpwebWebhook(body, { secret: env.WARPWEB_WEBHOOK_SECRET });
  const req = {
    body: new Uint8Array(await new Response(init.body).arrayBuffer()),
    headers: new Headers(init.headers),
    query: new URLSearchParams(),
  };
  return verifyAndParse(warpweb, req, { config, now: Date.now() });
}

const logEvents = () => log.eventsAfter(0);

describe('a shard’s outbox and the log', () => {
  it('loses nothing and sequences each event once across evictions on both sides of the append', async () => {
    const bodies = [
      warpwebEnvelope('site.research_ready', 'outbox-a'),
      warpwebEnvelope('site.research_ready', 'outbox-b'),
      warpwebEnvelope('site.complete', 'outbox-a'),
    ];
    const parsed = await Promise.all(bodies.map(verified));
    expect(parsed.map(webhookSubject)).toEqual([
      'warpweb/site/outbox-a',
      'warpweb/site/outbox-b',
      'warpweb/site/outbox-a',
    ]);

    // The shard commits (this is when the webhook would be answered 200); then every object is evicted.
    const committed = await runInDurableObject(env.RELAY.getByName(SHARD), async (_o, state) => {
      const { ingest } = shard(state.storage);
      const ids: string[] = [];
      for (const p of parsed) ids.push(...(await ingest.commit(warpweb, p)).events);
      return ids;
    });
    expect(committed).toHaveLength(3);
    await abortAllDurableObjects();
    expect(await logEvents()).toEqual([]);

    // A provider's retry reaches the new instance and is a duplicate: the inbox key was in the commit.
    const retried = await runInDurableObject(env.RELAY.getByName(SHARD), (_o, state) =>
      shard(state.storage).ingest.commit(warpweb, parsed[2]!),
    );
    expect(retried).toEqual({ duplicate: true, events: [] });

    // The log appends the outbox, and is evicted before the shard hears back: the shard still holds it all.
    const outbox = await runInDurableObject(env.RELAY.getByName(SHARD), (_o, state) =>
      shard(state.storage).store.outbox.pending(100),
    );
    expect(await log.appendOutbox(SHARD, outbox)).toBe(3);
    await abortAllDurableObjects();

    // The shard's next flush sends the same entries again: the log skips them and acknowledges.
    const drained = await runInDurableObject(env.RELAY.getByName(SHARD), async (_o, state) => {
      const parts = shard(state.storage);
      return { empty: await parts.forwarder.flush(), left: parts.store.outbox.pending(100) };
    });
    expect(drained).toEqual({ empty: true, left: [] });

    const events = await logEvents();
    expect(events.map((e) => e.id)).toEqual(committed);
    expect(events.map((e) => `${e.type} ${e.subject}`)).toEqual([
      'site.progress warpweb/site/outbox-a',
      'site.progress warpweb/site/outbox-b',
      'site.complete warpweb/site/outbox-a',
    ]);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([1, 2, 3]);
    // The log's copy of the state points at the global sequence of the subject's last event.
    const state = await log.resource('warpweb/site/outbox-a');
    expect(state).toMatchObject({ status: 'complete', lastSeq: seqs[2], lastEventId: committed[2] });
  });
});
