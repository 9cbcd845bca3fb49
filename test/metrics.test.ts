import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankObservation } from '../src/core/observation';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { startTestRelay, tempDir, type TestRelay } from './helpers/relay';
import { postLindo, postWarpweb, warpwebEnvelope } from './helpers/webhooks';

/** Waiting on a loaded 2-core machine: generous, never a timing assertion. */
const POLL = { timeout: 15_000 };

let relay: TestRelay;
const env = { SITEWIRE_MAX_BODY_BYTES: '2048' };
beforeAll(async () => {
  relay = await startTestRelay(env, { dir: tempDir() });
});
afterAll(async () => {
  await relay.stop();
});

async function scrape() {
  const res = await relay.api('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await res.text());
}

const events = (m: Awaited<ReturnType<typeof scrape>>, type: string, source: string, provider = 'warpweb') =>
  sampleValue(m, 'sitewire_events_total', { type, provider, source }) ?? 0;
const rejected = (m: Awaited<ReturnType<typeof scrape>>, provider: string, reason: string) =>
  sampleValue(m, 'sitewire_ingest_rejections_total', { provider, reason }) ?? 0;

describe('GET /metrics', () => {
  it('needs the admin token', async () => {
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${relay.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('is valid exposition with sitewire_ names, counters named _total', async () => {
    const m = await scrape();
    expect([...m.keys()].sort()).toEqual(
      expect.arrayContaining([
        'sitewire_events_total',
        'sitewire_ingest_rejections_total',
        'sitewire_sse_clients',
        'sitewire_info',
        'sitewire_resources',
      ]),
    );
    for (const [name, f] of m) {
      expect(name).toMatch(/^sitewire_/);
      expect(f.help, name).toBeTruthy();
      if (f.type === 'counter') expect(name).toMatch(/_total$/);
    }
    expect(m.get('sitewire_info')?.samples).toEqual([
      { labels: { version: expect.any(String), runtime: 'node' }, value: 1 },
    ]);
  });

  it('counts events by type and source as webhooks and polls bring them, duplicates not', async () => {
    const before = await scrape();
    const research = warpwebEnvelope('site.research_ready', 'metrics-1');
    await postWarpweb(relay.url, research);
    await postWarpweb(relay.url, research); // duplicate: no event
    relay.relay.recorder.write((w) =>
      w.observe({
        ...blankObservation({
          provider: 'warpweb',
          kind: 'site',
          resourceId: 'metrics-2',
          status: 'running',
          providerStatus: 'generating',
          observedVia: 'poll',
        }),
        phase: 'generating',
      }),
    );
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'metrics-1'));
    await postLindo(relay.url, {
      event: 'client.created',
      timestamp: new Date().toISOString(),
      data: { client_id: 'c1' },
    });

    const after = await scrape();
    expect(events(after, 'site.progress', 'webhook') - events(before, 'site.progress', 'webhook')).toBe(1);
    expect(events(after, 'site.progress', 'poll') - events(before, 'site.progress', 'poll')).toBe(1);
    expect(events(after, 'site.complete', 'webhook') - events(before, 'site.complete', 'webhook')).toBe(1);
    expect(
      events(after, 'lindo.client.created', 'webhook', 'lindo') -
        events(before, 'lindo.client.created', 'webhook', 'lindo'),
    ).toBe(1);
    const last = Number((await (await relay.api(`/v1/events?after=0&limit=1000`)).json()).data.at(-1).sequence);
    expect(sampleValue(after, 'sitewire_event_sequence')).toBe(last);
    expect(
      sampleValue(after, 'sitewire_resources', { provider: 'warpweb', status: 'complete' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, 'sitewire_resources', { provider: 'warpweb', status: 'running' })).toBeGreaterThanOrEqual(
      1,
    );
    const seen = sampleValue(after, 'sitewire_webhook_last_received_timestamp_seconds', { provider: 'warpweb' })!;
    expect(Math.abs(seen - Date.now() / 1000)).toBeLessThan(120);
  });

  it('counts refused webhooks by provider and reason', async () => {
    const before = await scrape();
    const body = JSON.stringify(warpwebEnvelope('site.complete', 'metrics-bad'));
    await postWarpweb(relay.url, null, { raw: body, secret: 'whsec_wrong' });
    await postWarpweb(relay.url, null, { raw: '{"event_id": ' });
    await postWarpweb(relay.url, null, {
      raw: JSON.stringify({ ...JSON.parse(body), payload: { padding: 'x'.repeat(4000) } }),
    });
    await postLindo(relay.url, { event: 'x', data: {} }, { token: 'wrong-token-123' });
    await fetch(`${relay.url}/ingest/nope`, { method: 'POST', body: '{}' });
    await fetch(`${relay.url}/ingest/warpweb`);

    const after = await scrape();
    const delta = (provider: string, reason: string) =>
      rejected(after, provider, reason) - rejected(before, provider, reason);
    expect(delta('warpweb', 'invalid_signature')).toBe(1);
    expect(delta('warpweb', 'invalid_json')).toBe(1);
    expect(delta('warpweb', 'payload_too_large')).toBe(1);
    expect(delta('lindo', 'unauthorized')).toBe(1);
    expect(delta('unknown', 'not_found')).toBe(1);
    expect(delta('warpweb', 'method_not_allowed')).toBe(1);
  });

  it('reports open SSE clients', async () => {
    expect(sampleValue(await scrape(), 'sitewire_sse_clients')).toBe(0);
    const streams = await Promise.all([1, 2].map(() => relay.api('/v1/stream')));
    expect(sampleValue(await scrape(), 'sitewire_sse_clients')).toBe(2);
    for (const s of streams) await s.body?.cancel();
    await expect.poll(async () => sampleValue(await scrape(), 'sitewire_sse_clients'), POLL).toBe(0);
  });

  it('keeps event counters across a restart (they are in the database)', async () => {
    const before = await scrape();
    expect(events(before, 'site.complete', 'webhook')).toBeGreaterThan(0);
    await relay.close();
    relay = await startTestRelay(env, { dir: relay.dir });
    const after = await scrape();
    expect(after.get('sitewire_events_total')?.samples).toEqual(before.get('sitewire_events_total')?.samples);
    expect(after.get('sitewire_ingest_rejections_total')?.samples).toEqual([]);
  });
});
