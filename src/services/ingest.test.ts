/** Ingest over a real in-memory SQLite store, with a stand-in provider whose webhooks say exactly what to record. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { utf8 } from '../core/bytes';
import { emptyData } from '../core/event';
import { invalidSignature } from '../core/errors';
import { blankObservation, type Signal } from '../core/observation';
import type { ProviderAdapter } from '../providers/types';
import { warpweb } from '../providers/warpweb';
import { openNodeSqlite } from '../storage/node-sqlite';
import { createStore } from '../storage/store';
import { createIngest, webhookSeenKey, type StateSignalHook } from './ingest';
import { createRecorder } from './recorder';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');

// Warpweb's name and docs, with webhooks that say exactly what to record.
const provider: ProviderAdapter = {
  ...warpweb,
  async verifyWebhook(req) {
    if (req.headers.get('x-signed') !== 'yes') throw invalidSignature('Signature does not match.');
  },
  async parseWebhook(req) {
    return JSON.parse(new TextDecoder().decode(req.body)) as { dedupKey: string; signals: Signal[] };
  },
};

const state = (id: string, status: 'running' | 'complete', hint = false): Signal => ({
  signal: 'state',
  hint,
  observation: blankObservation({
    provider: 'warpweb',
    kind: 'site',
    resourceId: id,
    status,
    providerStatus: status,
    observedVia: 'webhook',
  }),
});
const form = (id: string): Signal => ({
  signal: 'event',
  type: 'form.submitted',
  subject: `warpweb/site/${id}`,
  provider: 'warpweb',
  time: null,
  data: emptyData('warpweb', 'webhook'),
});
const webhook = (dedupKey: string, signals: Signal[], signed = true) => ({
  body: utf8(JSON.stringify({ dedupKey, signals })),
  headers: new Headers(signed ? { 'x-signed': 'yes' } : {}),
  query: new URLSearchParams(),
});

function setup() {
  const store = createStore(openNodeSqlite(':memory:'));
  let transactions = 0;
  const transaction = store.transaction;
  store.transaction = (fn) => (transactions++, transaction(fn));
  const recorder = createRecorder({ store, now: () => NOW, pipeline: { inTransaction: [], afterCommit: [] } });
  const offered: string[] = [];
  // Stands in for the watches: a hint is taken over (polled instead), anything else is observed.
  const takeStateSignal: StateSignalHook = (_p, s) => (offered.push(s.observation.resourceId), s.hint === true);
  const ingest = createIngest({ config: loadConfig({}), store, recorder, takeStateSignal, now: () => NOW });
  const subjects = () => store.events.after(0, {}, 100).map((e) => `${e.seq} ${e.type} ${e.subject}`);
  return { store, ingest, offered, subjects, transactions: () => transactions };
}

describe('ingest', () => {
  it('answers a webhook with the ids of the events it appended, once stored', async () => {
    const { store, ingest, subjects } = setup();
    const ack = await ingest.ingest(provider, webhook('k1', [state('a', 'running'), form('a')]));
    expect(ack.duplicate).toBe(false);
    expect(ack.events.map((id) => store.events.byId(id)?.type)).toEqual(['site.progress', 'form.submitted']);
    expect(subjects()).toEqual(['1 site.progress warpweb/site/a', '2 form.submitted warpweb/site/a']);
    expect(store.meta.get(webhookSeenKey('warpweb'))).toBe(String(NOW));
  });

  it('answers a repeated delivery as a duplicate and records nothing more', async () => {
    const { ingest, subjects } = setup();
    await ingest.ingest(provider, webhook('k1', [state('a', 'running')]));
    const again = await ingest.ingest(provider, webhook('k1', [state('a', 'complete')]));
    expect(again).toEqual({ duplicate: true, events: [] });
    expect(subjects()).toEqual(['1 site.progress warpweb/site/a']);
  });

  it('offers every state signal to the watches first; one they take over is not observed', async () => {
    const { ingest, offered, subjects } = setup();
    const signals = [state('a', 'running', true), state('b', 'running'), form('c')];
    const ack = await ingest.ingest(provider, webhook('k1', signals));
    expect(offered).toEqual(['a', 'b']);
    expect(ack.events).toHaveLength(2);
    expect(subjects()).toEqual(['1 site.progress warpweb/site/b', '2 form.submitted warpweb/site/c']);
  });

  it('refuses an unverified webhook with its code and stores nothing', async () => {
    const { store, ingest, subjects } = setup();
    const refused = ingest.ingest(provider, webhook('k1', [form('a')], false));
    await expect(refused).rejects.toMatchObject({ code: 'invalid_signature' });
    expect(subjects()).toEqual([]);
    expect(store.meta.get(webhookSeenKey('warpweb'))).toBeUndefined();
  });

  it('commits webhooks of one turn together and answers each with its own events', async () => {
    const { ingest, transactions } = setup();
    const before = transactions();
    const [one, two, again] = await Promise.all([
      ingest.ingest(provider, webhook('k1', [state('a', 'running'), form('a')])),
      ingest.ingest(provider, webhook('k2', [state('b', 'complete')])),
      ingest.ingest(provider, webhook('k1', [form('z')])),
    ]);
    expect(transactions() - before).toBe(1);
    expect(one!.events).toHaveLength(2);
    expect(two!.events).toHaveLength(1);
    expect(two!.events[0]).not.toBe(one!.events[0]);
    expect(again).toEqual({ duplicate: true, events: [] });
  });
});
