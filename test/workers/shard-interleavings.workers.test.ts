/**
 * Random interleavings in real workerd: webhooks about K subjects committed on the one of 3 shard
 * objects that owns each subject, forwards to the log object at random, provider retries, and
 * forwards whose acknowledgement is lost. The log's sequence stays gap-free with one event per
 * transition, each subject's events keep their shard's order, and a resume from any position (the
 * log's `eventsAfter`, which `Last-Event-ID` replays read) is exact. Evictions of every object between
 * the steps: shard-outbox.workers.test.ts.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { ParsedWebhook } from '../../src/providers/types';
import { warpweb } from '../../src/providers/warpweb';
import { shardOf } from '../../src/runtime/object-router';
import { createIngest } from '../../src/services/ingest';
import { createRecorder } from '../../src/services/recorder';
import { createOutboxForwarder } from '../../src/services/shards/outbox-forwarder';
import { outboxSink } from '../../src/services/shards/outbox-sink';
import { verifyAndParse, webhookSubject } from '../../src/services/webhook-verify';
import { openDurableObjectSql } from '../../src/storage/durable-object';
import { createStore } from '../../src/storage/store';
import { warpwebWebhook } from '../helpers/webhook-requests';
import { warpwebEnvelope } from './relay';
import { seededRandom } from '../helpers/random';
import { testLog } from './test-log';

const SHARDS = 3;
const LOG = 'interleavings-log';
const shardName = (i: number) => `interleavings-shard-${i}`;
const config = loadConfig(env as unknown as Record<string, unknown>);

/** A shard's half, over the storage of the object it runs in; forwards go to the log's RPC. */
const onShard = <T>(i: number, fn: (parts: ReturnType<typeof shardParts>) => Promise<T>) =>
  runInDurableObject(env.RELAY.getByName(shardName(i)), (_o, state) => fn(shardParts(i, state.storage)));

function shardParts(i: number, storage: DurableObjectStorage) {
  const store = createStore(openDurableObjectSql(storage as never));
  const pipeline = { inTransaction: [], afterCommit: [] };
  const recorder = createRecorder({ store, now: Date.now, pipeline, sink: outboxSink(store) });
  const ingest = createIngest({ config, store, recorder, takeStateSignal: () => false, now: Date.now });
  const forwarder = createOutboxForwarder(store, (entries) => testLog(LOG).appendOutbox(shardName(i), entries));
  return { store, ingest, forwarder };
}

async function verified(body: unknown): Promise<ParsedWebhook> {
  const init = await warpwebWebhook(body, { secret: env.WARPWEB_WEBHOOK_SECRET });
  const req = {
    body: new Uint8Array(await new Response(init.body).arrayBuffer()),
    headers: new Headers(init.headers),
    query: new URLSearchParams(),
  };
  return verifyAndParse(warpweb, req, { config, now: Date.now() });
}

describe('random interleavings of webhooks, forwards and evictions over 3 shards', () => {
  it('keeps one gap-free sequence, one event per transition, shard order and exact resumes', async () => {
    const rand = seededRandom(12).next;
    const subjects = Array.from({ length: 9 }, (_, i) => `interleave-${i}`);
    const types = ['site.research_ready', 'site.complete'];
    const sent = new Map<string, ParsedWebhook[]>(subjects.map((s) => [s, []]));
    const committed: string[][] = Array.from({ length: SHARDS }, () => []);
    for (let n = 0; n < 60; n++) {
      const roll = rand();
      if (roll < 0.55) {
        const site = subjects[Math.floor(rand() * subjects.length)]!;
        const earlier = sent.get(site)!;
        const retry = earlier.length > 0 && (earlier.length === types.length || rand() < 0.3);
        const parsed = retry ? earlier.at(-1)! : await verified(warpwebEnvelope(types[earlier.length]!, site));
        const shard = shardOf(webhookSubject(parsed), SHARDS);
        const result = await onShard(shard, (p) => p.ingest.commit(warpweb, parsed));
        expect(result.duplicate).toBe(retry);
        if (!retry) earlier.push(parsed);
        committed[shard]!.push(...result.events);
      } else if (roll < 0.9) {
        const shard = Math.floor(rand() * SHARDS);
        await onShard(shard, (p) => p.forwarder.flush());
      } else {
        // A forward whose acknowledgement is lost: the log appended, the shard still holds the entries.
        const shard = Math.floor(rand() * SHARDS);
        const pending = await onShard(shard, async (p) => p.store.outbox.pending(100));
        if (pending.length) await testLog(LOG).appendOutbox(shardName(shard), pending);
      }
    }
    for (let i = 0; i < SHARDS; i++) expect(await onShard(i, (p) => p.forwarder.flush())).toBe(true);

    const log = testLog(LOG);
    const events = await log.eventsAfter(0);
    const transitions = [...sent.values()].reduce((n, list) => n + list.length, 0);
    expect(events).toHaveLength(transitions);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(transitions);
    for (let i = 0; i < SHARDS; i++) {
      const ids = new Set(committed[i]);
      expect(events.filter((e) => ids.has(e.id)).map((e) => e.id)).toEqual(committed[i]);
    }
    for (const site of subjects) {
      const types = events.filter((e) => e.subject === `warpweb/site/${site}`).map((e) => e.type);
      expect(types).toEqual(['site.progress', 'site.complete'].slice(0, sent.get(site)!.length));
    }
    for (let i = 0; i < 6; i++) {
      const after = Math.floor(rand() * (events.length + 1));
      const resumed = await log.eventsAfter(after);
      expect(resumed.map((e) => e.id)).toEqual(events.slice(after).map((e) => e.id));
    }
  });
});
