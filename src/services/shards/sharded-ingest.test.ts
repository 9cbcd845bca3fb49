/**
 * Sharded ingest over real in-memory SQLite, one store per object: webhooks about K subjects are
 * committed on the shard that owns their subject (inbox, state tracker, outbox in one transaction),
 * forwards to the log are interleaved at random, some of their acknowledgements are lost and some
 * shards "crash" before forwarding (their outbox waits for the next flush).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { utf8 } from '../../core/bytes';
import { emptyData } from '../../core/event';
import { blankObservation, type Signal } from '../../core/observation';
import type { NormalizedStatus } from '../../core/status';
import type { ParsedWebhook, ProviderAdapter } from '../../providers/types';
import { warpweb } from '../../providers/warpweb';
import { shardOf } from '../../runtime/object-router';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore, type Store } from '../../storage/store';
import { createIngest } from '../ingest';
import { createRecorder } from '../recorder';
import { verifyAndParse, webhookSubject } from '../webhook-verify';
import { createLogAppend } from './log-append';
import { createOutboxForwarder } from './outbox-forwarder';
import { outboxSink } from './outbox-sink';
import { seededRandom } from '../../../test/helpers/random';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');
const SHARDS = 3;
const config = loadConfig({});
const provider: ProviderAdapter = {
  ...warpweb,
  async verifyWebhook() {},
  async parseWebhook(req) {
    return JSON.parse(new TextDecoder().decode(req.body)) as ParsedWebhook;
  },
};
const webhook = (dedupKey: string, site: string, status: NormalizedStatus) => {
  const signal: Signal = {
    signal: 'state',
    observation: blankObservation({
      provider: 'warpweb',
      kind: 'site',
      resourceId: site,
      status,
      providerStatus: status,
      observedVia: 'webhook',
    }),
  };
  return {
    body: utf8(JSON.stringify({ dedupKey, signals: [signal] })),
    headers: new Headers(),
    query: new URLSearchParams(),
  };
};

function topology() {
  const log = createStore(openNodeSqlite(':memory:'));
  const logRecorder = createRecorder({ store: log, now: () => NOW, pipeline: { inTransaction: [], afterCommit: [] } });
  const logAppend = createLogAppend(log, logRecorder);
  let loseNextAck = false;
  const shards = Array.from({ length: SHARDS }, (_, i) => {
    const store: Store = createStore(openNodeSqlite(':memory:'));
    const recorder = createRecorder({
      store,
      now: () => NOW,
      pipeline: { inTransaction: [], afterCommit: [] },
      sink: outboxSink(store),
    });
    const ingest = createIngest({ config, store, recorder, takeStateSignal: () => false, now: () => NOW });
    const forwarder = createOutboxForwarder(store, async (entries) => {
      const acknowledged = logAppend.accept(`shard-${i}`, entries);
      if (!loseNextAck) return acknowledged;
      loseNextAck = false;
      throw new Error('acknowledgement lost');
    });
    return { store, ingest, forwarder, committed: [] as string[] };
  });
  return { log, shards, loseAck: () => (loseNextAck = true) };
}

describe('sharded ingest: shards commit, the log sequences', () => {
  it.each([1, 2, 3, 4, 5])(
    'keeps one gap-free sequence, one event per transition, shard order (seed %i)',
    async (seed) => {
      const rand = seededRandom(seed).next;
      const { log, shards, loseAck } = topology();
      const statuses: NormalizedStatus[] = ['queued', 'running', 'complete'];
      const subjects = Array.from({ length: 8 }, (_, i) => `s${i}`);
      const step = new Map(subjects.map((s) => [s, 0]));
      let transitions = 0;
      for (let n = 0; n < 120; n++) {
        const action = rand();
        if (action < 0.6) {
          // A webhook (sometimes a provider's retry of the previous one for that subject).
          const site = subjects[Math.floor(rand() * subjects.length)]!;
          const at = step.get(site)!;
          const retry = at > 0 && rand() < 0.3;
          const index = retry ? at - 1 : Math.min(at, statuses.length - 1);
          const parsed = await verifyAndParse(provider, webhook(`${site}:${index}`, site, statuses[index]!), {
            config,
            now: NOW,
          });
          const shard = shards[shardOf(webhookSubject(parsed), SHARDS)]!;
          const result = await shard.ingest.commit(provider, parsed);
          if (!retry && at < statuses.length) {
            expect(result.duplicate).toBe(false);
            transitions += result.events.length;
            shard.committed.push(...result.events);
            step.set(site, at + 1);
          } else if (retry) {
            expect(result).toEqual({ duplicate: true, events: [] });
          }
        } else {
          // A forward, whose acknowledgement is sometimes lost after the log committed.
          const shard = shards[Math.floor(rand() * SHARDS)]!;
          if (rand() < 0.3) loseAck();
          await shard.forwarder.flush().catch(() => false);
        }
      }
      for (const shard of shards) expect(await shard.forwarder.flush()).toBe(true);

      const events = log.events.after(0, {}, 10_000);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events).toHaveLength(transitions);
      expect(new Set(events.map((e) => e.id)).size).toBe(transitions);
      // A reader resuming after any position gets exactly the rest, in order.
      for (let i = 0; i < 5; i++) {
        const after = Math.floor(rand() * (events.length + 1));
        expect(log.events.after(after, {}, 10_000).map((e) => e.id)).toEqual(events.slice(after).map((e) => e.id));
      }
      for (const shard of shards) {
        // The shard's commit order is the log's order for its events; its outbox is empty once acknowledged.
        const ids = new Set(shard.committed);
        expect(events.filter((e) => ids.has(e.id)).map((e) => e.id)).toEqual(shard.committed);
        expect(shard.store.outbox.pending(10)).toEqual([]);
      }
      for (const site of subjects) {
        const stored = events.filter((e) => e.subject === `warpweb/site/${site}`);
        expect(stored.map((e) => e.type)).toEqual(
          ['site.queued', 'site.progress', 'site.complete'].slice(0, step.get(site)!),
        );
        // The log's copy of the subject's state points at the subject's last event in the global sequence.
        if (stored.length) expect(log.resources.get(`warpweb/site/${site}`)?.lastSeq).toBe(stored.at(-1)!.seq);
      }
    },
  );

  it('appends nothing twice when a forward is repeated, and nothing past a gap', () => {
    const { log } = topology();
    const recorder = createRecorder({ store: log, now: () => NOW, pipeline: { inTransaction: [], afterCommit: [] } });
    const append = createLogAppend(log, recorder);
    const entry = (position: number, shard = 0) => ({
      position,
      event: {
        id: `evt_${shard}_${position}`,
        type: 'form.submitted',
        subject: 'warpweb/site/a',
        provider: 'warpweb',
        time: new Date(NOW).toISOString(),
        data: emptyData('warpweb', 'webhook'),
      },
      resource: null,
    });
    expect(append.accept('shard-0', [entry(1), entry(2)])).toBe(2);
    expect(append.accept('shard-0', [entry(1), entry(2), entry(3)])).toBe(3);
    expect(append.accept('shard-0', [entry(5)])).toBe(3);
    expect(append.accept('shard-1', [entry(1, 1)])).toBe(1);
    expect(log.events.after(0, {}, 10).map((e) => `${e.seq} ${e.id}`)).toEqual([
      '1 evt_0_1',
      '2 evt_0_2',
      '3 evt_0_3',
      '4 evt_1_1',
    ]);
  });
});
