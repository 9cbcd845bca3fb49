/**
 * Retention and resume (docs/api.md#streams): an event still waiting for a delivery is never
 * pruned; GET /v1/events names the oldest retained position; a stream resumed from before it
 * first gets a `sitewire.gap` event, then everything retained. Driven with a fake clock.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { utf8 } from '../src/core/bytes';
import { createApp } from '../src/http/create-app';
import { silentLogger } from '../src/log';
import { warpweb } from '../src/providers/warpweb';
import { signWarpweb } from '../src/providers/warpweb/verify';
import { createRelay, type Relay } from '../src/services/relay';
import { openNodeSqlite, type NodeSqlite } from '../src/storage/node-sqlite';
import { ADMIN_TOKEN, relayEnv, tempDir, WARPWEB_SECRET } from './helpers/relay';
import { startSink, type Sink } from './helpers/sink';

const DAY = 86_400_000;
const START = Date.parse('2026-05-01T00:00:00Z');
const pad = (n: number) => String(n).padStart(20, '0');
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

let dir: string;
let db: NodeSqlite;
let relay: Relay;
let app: ReturnType<typeof createApp>;
let sink: Sink;
const clock = { now: START };
let n = 0;

async function webhook(site: string) {
  n += 1;
  const raw = JSON.stringify({ event_id: `rr-${n}`, type: 'site.complete', site_id: site, payload: {} });
  const ts = Math.floor(clock.now / 1000);
  const headers = new Headers({
    'x-warpweb-timestamp': String(ts),
    'x-warpweb-signature': await signWarpweb(WARPWEB_SECRET, ts, raw),
  });
  return relay.ingest.ingest(warpweb, { body: utf8(raw), headers, query: new URLSearchParams() });
}

const listed = async () =>
  (await (await app.request('/v1/events?limit=1000', { headers: auth })).json()) as {
    data: { sequence: string }[];
    oldest_sequence: string | null;
  };

/** The first `count` SSE frames of a stream, as text blocks. */
async function frames(path: string, count: number, headers: Record<string, string> = {}): Promise<string[]> {
  const res = await app.request(path, { headers: { ...auth, ...headers } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n').length - 1 < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  await reader.cancel();
  return text.split('\n\n').slice(0, count);
}

const dataOf = (frame: string) =>
  JSON.parse(
    frame
      .split('\n')
      .find((l) => l.startsWith('data: '))!
      .slice(6),
  );

beforeAll(async () => {
  dir = tempDir();
  db = openNodeSqlite(join(dir, 'sitewire.db'));
  sink = await startSink(() => ({ status: 500 }));
  const env = { SITEWIRE_RETENTION_DAYS: '1', SITEWIRE_RETRY_SCHEDULE: '3d' };
  const config = loadConfig(relayEnv(join(dir, 'sitewire.db'), env));
  relay = createRelay({ config, db, logger: silentLogger, runtime: 'node', arm: () => {}, now: () => clock.now });
  app = createApp({ relay, adminToken: () => ADMIN_TOKEN });
  const res = await app.request('/v1/subscriptions', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ url: sink.url, resources: ['warpweb/site/kept'] }),
  });
  expect(res.status).toBe(201);
  expect((await listed()).oldest_sequence).toBeNull();
  await webhook('gone'); // 1
  await webhook('kept'); // 2: its delivery fails and waits for a retry
  await webhook('gone-too'); // 3
  await relay.ticker.tick();
  while (relay.store.deliveries.stats().byStatus.failed !== 1) await new Promise((r) => setTimeout(r, 10));
  clock.now = START + 2 * DAY; // within the 5 days after which a failing subscription is disabled
  await webhook('recent'); // 4
  relay.ticker.wake('retention');
  await relay.ticker.tick();
});
afterAll(async () => {
  relay.close();
  db.close();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('retention', () => {
  it('keeps an event with a pending delivery and names the oldest retained position', async () => {
    const page = await listed();
    expect(page.data.map((e) => e.sequence)).toEqual([pad(2), pad(4)]);
    expect(page.oldest_sequence).toBe(pad(2));
  });

  it('prunes it once its delivery is done', async () => {
    sink.respond(() => ({ status: 204 }));
    const [waiting] = relay.store.deliveries.list(relay.store.subscriptions.enabled()[0]!.id, 'failed', null, 1);
    expect((await app.request(`/v1/deliveries/${waiting!.id}/retry`, { method: 'POST', headers: auth })).status).toBe(
      202,
    );
    await relay.ticker.tick();
    await expect.poll(() => sink.received.length).toBe(2);
    await expect.poll(() => relay.store.deliveries.stats().byStatus.succeeded).toBe(1);
    clock.now += 3_600_000;
    relay.ticker.wake('retention');
    await relay.ticker.tick();
    const page = await listed();
    expect(page.data.map((e) => e.sequence)).toEqual([pad(4)]);
    expect(page.oldest_sequence).toBe(pad(4));
  });
});

describe('sitewire.gap', () => {
  it('comes first on a stream resumed from before the oldest retained event, without an id', async () => {
    const [retry, gap, event] = await frames('/v1/stream?last_event_id=1', 3);
    expect(retry).toBe('retry: 2000');
    expect(gap).not.toMatch(/^id:/m);
    expect(gap).toMatch(/^event: sitewire\.gap$/m);
    expect(dataOf(gap!)).toMatchObject({
      type: 'sitewire.gap',
      source: 'sitewire/relay',
      data: { requested_after: pad(1), oldest_available: pad(4) },
    });
    expect(event).toMatch(new RegExp(`^id: ${pad(4)}$`, 'm'));
  });

  it('comes first on a build stream resumed with Last-Event-ID too', async () => {
    const [, gap] = await frames('/v1/resources/warpweb/site/recent/stream', 2, { 'last-event-id': '0' });
    expect(dataOf(gap!).data).toEqual({ requested_after: pad(0), oldest_available: pad(4) });
  });

  it('is not sent when nothing the client asked for was pruned', async () => {
    const [, first] = await frames('/v1/stream?last_event_id=3', 2);
    expect(first).toMatch(new RegExp(`^id: ${pad(4)}$`, 'm'));
  });
});
