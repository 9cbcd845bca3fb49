/** Verify-and-parse runs without storage; the commit half takes its result and deduplicates as the whole ingest does. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { utf8 } from '../core/bytes';
import { emptyData } from '../core/event';
import { invalidSignature } from '../core/errors';
import { blankObservation, type Signal } from '../core/observation';
import type { ParsedWebhook, ProviderAdapter } from '../providers/types';
import { warpweb } from '../providers/warpweb';
import { openNodeSqlite } from '../storage/node-sqlite';
import { createStore } from '../storage/store';
import { createIngest } from './ingest';
import { createRecorder } from './recorder';
import { verifyAndParse, webhookSubject } from './webhook-verify';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');
const provider: ProviderAdapter = {
  ...warpweb,
  async verifyWebhook(req) {
    if (req.headers.get('x-signed') !== 'yes') throw invalidSignature('Signature does not match.');
  },
  async parseWebhook(req) {
    return JSON.parse(new TextDecoder().decode(req.body)) as ParsedWebhook;
  },
};
const running: Signal = {
  signal: 'state',
  observation: blankObservation({
    provider: 'lindo',
    kind: 'site',
    resourceId: 'w 1',
    status: 'running',
    providerStatus: 'running',
    observedVia: 'webhook',
  }),
};
const form: Signal = {
  signal: 'event',
  type: 'form.submitted',
  subject: 'warpweb/site/s1',
  provider: 'warpweb',
  time: null,
  data: emptyData('warpweb', 'webhook'),
};
const request = (parsed: ParsedWebhook, signed = true) => ({
  body: utf8(JSON.stringify(parsed)),
  headers: new Headers(signed ? { 'x-signed': 'yes' } : {}),
  query: new URLSearchParams(),
});
const ctx = { config: loadConfig({}), now: NOW };

describe('verifyAndParse', () => {
  it('returns the parsed webhook once verified, and the provider’s error otherwise', async () => {
    const parsed = { dedupKey: 'k1', signals: [running] };
    expect(await verifyAndParse(provider, request(parsed), ctx)).toEqual(parsed);
    await expect(verifyAndParse(provider, request(parsed, false), ctx)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });
});

describe('webhookSubject', () => {
  it('is the subject of the first signal, or the dedup key when there is none', () => {
    expect(webhookSubject({ dedupKey: 'k', signals: [running, form] })).toBe('lindo/site/w 1');
    expect(webhookSubject({ dedupKey: 'k', signals: [form] })).toBe('warpweb/site/s1');
    expect(webhookSubject({ dedupKey: 'warpweb:evt_1', signals: [] })).toBe('warpweb:evt_1');
  });
});

describe('ingest.commit', () => {
  it('commits a webhook parsed elsewhere, and a second commit of the same one is a duplicate', async () => {
    const store = createStore(openNodeSqlite(':memory:'));
    const recorder = createRecorder({ store, now: () => NOW, pipeline: { inTransaction: [], afterCommit: [] } });
    const ingest = createIngest({ config: ctx.config, store, recorder, takeStateSignal: () => false, now: () => NOW });
    const parsed = await verifyAndParse(provider, request({ dedupKey: 'k1', signals: [running] }), ctx);
    const first = await ingest.commit(provider, parsed);
    expect(first).toMatchObject({ duplicate: false, events: [expect.stringMatching(/^evt_/)] });
    expect(store.events.byId(first.events[0]!)).toMatchObject({ seq: 1, subject: 'lindo/site/w 1' });
    expect(await ingest.commit(provider, parsed)).toEqual({ duplicate: true, events: [] });
  });
});
