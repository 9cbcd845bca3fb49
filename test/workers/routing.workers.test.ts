/**
 * Content routing, tracing and resume in workerd, through the Worker's own fetch: a watch's
 * metadata on its events, a subscription filter and the ingest traceparent on the delivery,
 * `filter=` on the events API and streams, and `sitewire.gap` on a stale resume.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyDelivery } from '../helpers/verify-delivery';
import { warpwebWebhook } from '../helpers/webhook-requests';
import { stubOutbound } from './outbound';
import { api, apiJson, relayFetch, relayStub, warpwebEnvelope } from './relay';
import { readSse } from './sse';

afterEach(() => {
  vi.restoreAllMocks();
});

const SINK = 'https://routing-sink.example';
const TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const SITES = ['rt-acme', 'rt-globex'];
const RESOURCES = SITES.map((s) => `warpweb/site/${s}`);
const ACME = { 'data.metadata.customer': 'acme' };
const q = (filter: unknown) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

async function ingestForm(siteId: string, traceparent?: string): Promise<string> {
  const init = await warpwebWebhook(warpwebEnvelope('form.submit', siteId, { name: siteId }), {
    secret: env.WARPWEB_WEBHOOK_SECRET,
  });
  const headers = { ...(init.headers as Record<string, string>), ...(traceparent ? { traceparent } : {}) };
  const res = await relayFetch('/ingest/warpweb', { ...init, headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: string[] }).events[0]!;
}

describe('routing and tracing in workerd', () => {
  it('delivers only the metadata-matching build, with the ingest traceparent', async () => {
    const outbound = stubOutbound();
    outbound.route((req) => (req.url.startsWith(SINK) ? new Response(null, { status: 204 }) : undefined));
    const watched = await apiJson('/v1/watches', 'POST', {
      provider: 'warpweb',
      id: 'rt-acme',
      metadata: { customer: 'acme' },
    });
    expect(watched.status).toBe(201);
    const sub = await apiJson('/v1/subscriptions', 'POST', { url: `${SINK}/acme`, resources: RESOURCES, filter: ACME });
    expect(sub.body.filter).toEqual(ACME);

    const globex = await ingestForm('rt-globex', TRACE);
    const acme = await ingestForm('rt-acme', TRACE);
    const untraced = await ingestForm('rt-acme');
    await expect.poll(() => outbound.to(SINK).length, { timeout: 10_000, interval: 50 }).toBe(2);

    const calls = outbound.to(SINK);
    const events = calls.map(
      (c) => verifyDelivery(sub.body.secret, c) as { id: string; traceparent: string; data: any },
    );
    expect(events.map((e) => e.id)).toEqual([acme, untraced]);
    expect(events[0]!.data.metadata).toEqual({ customer: 'acme' });
    expect(calls[0]!.headers.traceparent).toBe(TRACE);
    expect(events[0]!.traceparent).toBe(TRACE);
    expect(calls[1]!.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(calls[1]!.headers.traceparent).toBe(events[1]!.traceparent);
    expect(calls[1]!.headers.traceparent).not.toBe(TRACE);
    expect((await apiJson(`/v1/events/${globex}`)).body.data.metadata).toBeNull();
    // Nothing of this test may call out once its stub is gone.
    expect((await apiJson(`/v1/subscriptions/${sub.body.id}`, 'DELETE')).status).toBe(204);
  });

  it('filters the events API and streams by content, and refuses a bad filter', async () => {
    stubOutbound(); // the watch of rt-acme polls meanwhile
    const scoped = `resources=${RESOURCES.join(',')}`;
    const page = await apiJson(`/v1/events?${scoped}&${q(ACME)}`);
    expect(page.body.data.map((e: any) => e.subject)).toEqual([RESOURCES[0], RESOURCES[0]]);
    const bad = await apiJson(`/v1/events?${q({ 'data..x': 1 })}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');

    const res = await api(`/v1/stream?last_event_id=0&${scoped}&${q({ ...ACME, type: 'form.submitted' })}`);
    expect(res.status).toBe(200);
    const sse = readSse(res);
    try {
      const replayed = [await sse.nextEvent(), await sse.nextEvent()];
      expect(replayed.map((m) => JSON.parse(m.data).subject)).toEqual([RESOURCES[0], RESOURCES[0]]);
      await ingestForm('rt-globex');
      const live = await ingestForm('rt-acme');
      expect(JSON.parse((await sse.nextEvent()).data).id).toBe(live);
    } finally {
      await sse.close();
    }
    const [watch] = (await apiJson('/v1/watches?limit=500')).body.data.filter((w: any) => w.resource_id === 'rt-acme');
    expect((await apiJson(`/v1/watches/${watch.id}`, 'DELETE')).status).toBe(204);
  });

  it('sends sitewire.gap first when resuming from before the oldest retained event', async () => {
    const kept = await ingestForm('rt-gap');
    const seq = Number((await apiJson(`/v1/events/${kept}`)).body.sequence);
    // What retention would do to everything older (this object's storage, directly).
    await runInDurableObject(relayStub(), (_object, state) => {
      // `events` is a view over the segment tables (docs/scaling.md#the-time-segmented-log-built).
      const tables = state.storage.sql.exec<{ name: string }>('SELECT name FROM event_segments').toArray();
      for (const { name } of [...tables, { name: 'events_held' }])
        state.storage.sql.exec(`DELETE FROM ${name} WHERE seq < ?`, seq);
    });
    const oldest = String(seq).padStart(20, '0');
    expect((await apiJson('/v1/events?limit=1')).body.oldest_sequence).toBe(oldest);

    const sse = readSse(await api('/v1/stream?last_event_id=0&resources=warpweb/site/rt-gap'));
    try {
      const gap = await sse.nextEvent();
      expect(gap.event).toBe('sitewire.gap');
      expect(gap.id).toBeUndefined();
      expect(JSON.parse(gap.data).data).toEqual({ requested_after: '0'.repeat(20), oldest_available: oldest });
      expect(JSON.parse((await sse.nextEvent()).data).id).toBe(kept);
    } finally {
      await sse.close();
    }
  });
});
