import { describe, expect, it } from 'vitest';
import { api, postWarpweb, relayFetch, warpwebEnvelope } from './relay';
import { readSse } from './sse';

interface Ack {
  received: true;
  duplicate: boolean;
  events?: string[];
}

async function ingest(body: unknown): Promise<string> {
  const res = await postWarpweb(body);
  expect(res.status).toBe(200);
  const ack = (await res.json()) as Ack;
  expect(ack).toMatchObject({ received: true, duplicate: false });
  expect(ack.events).toHaveLength(1);
  return ack.events![0]!;
}

const openStream = async (headers: Record<string, string> = {}, query = '') => {
  const res = await api(`/v1/stream${query}`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const sse = readSse(res);
  expect(await sse.next()).toEqual({ retry: '2000' });
  return sse;
};

describe('the relay in workerd', () => {
  it('reports the workers runtime and a working database', async () => {
    const res = await relayFetch('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, runtime: 'workers', db: 'ok' });
  });

  it('turns a signed Warpweb webhook into one event on /v1/events and /v1/stream, resumable by Last-Event-ID', async () => {
    const live = await openStream();
    const first = warpwebEnvelope('site.complete', 'w-site-1', { deployment_url: 'https://one.warpweb.app' });
    const id1 = await ingest(first);

    const msg1 = await live.nextEvent();
    const event1 = JSON.parse(msg1.data);
    expect(msg1.event).toBe('site.complete');
    expect(msg1.id).toBe(event1.sequence);
    expect(msg1.id).toMatch(/^\d{20}$/);
    expect(event1).toMatchObject({
      specversion: '1.0',
      id: id1,
      source: 'sitewire/warpweb',
      type: 'site.complete',
      subject: 'warpweb/site/w-site-1',
      time: first.occurred_at,
      data: {
        provider: 'warpweb',
        kind: 'site',
        resource_id: 'w-site-1',
        status: 'complete',
        observed_via: 'webhook',
        provider_event_id: first.event_id,
      },
    });
    const seq1 = Number(msg1.id);

    type Page = { data: { id: string }[]; next_after: string };
    const listed = (await (await api(`/v1/events?after=${seq1 - 1}`)).json()) as Page;
    expect(listed.data.map((e) => e.id)).toEqual([id1]);
    expect(listed.next_after).toBe(msg1.id);
    expect(await (await api(`/v1/events/${id1}`)).json()).toEqual(event1);
    await live.close();

    // Missed while disconnected, then replayed on reconnect before live events, with no gap or repeat.
    const id2 = await ingest(warpwebEnvelope('site.complete', 'w-site-2'));
    const resumed = await openStream({ 'last-event-id': msg1.id });
    const replayed = await resumed.nextEvent();
    expect(JSON.parse(replayed.data).id).toBe(id2);
    const id3 = await ingest(warpwebEnvelope('site.complete', 'w-site-3'));
    const next = await resumed.nextEvent();
    expect(JSON.parse(next.data).id).toBe(id3);
    expect(Number(next.id)).toBe(Number(replayed.id) + 1);
    await resumed.close();

    // The query parameter works the same for clients that cannot set headers.
    const byQuery = await openStream({}, `?last_event_id=${seq1}&resources=warpweb/site/w-site-3`);
    expect(JSON.parse((await byQuery.nextEvent()).data).id).toBe(id3);
    await byQuery.close();
  });

  it('answers a repeated webhook 200 duplicate and emits nothing for it', async () => {
    const live = await openStream();
    const body = warpwebEnvelope('site.complete', 'w-dup');
    const id = await ingest(body);
    const first = await live.nextEvent();
    expect(JSON.parse(first.data).id).toBe(id);

    const again = await postWarpweb(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });

    // The next message on the stream is the next new event, not the duplicate.
    const later = await ingest(warpwebEnvelope('site.complete', 'w-after-dup'));
    expect(JSON.parse((await live.nextEvent()).data).id).toBe(later);
    const listed = (await (await api(`/v1/events?after=${Number(first.id) - 1}`)).json()) as { data: { id: string }[] };
    expect(listed.data.map((e) => e.id)).toEqual([id, later]);
    await live.close();
  });

  it('refuses a webhook with a bad signature and stores nothing', async () => {
    const before = (await (await api('/v1/events?after=0&limit=1000')).json()) as { next_after: string };
    const res = await postWarpweb(warpwebEnvelope('site.complete', 'w-forged'), 'whsec_not_the_secret');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    const after = (await (await api(`/v1/events?after=${before.next_after}`)).json()) as { data: unknown[] };
    expect(after.data).toEqual([]);
  });

  it('answers filters at the API limits (50 entries per list, long prefixes) without a 500', async () => {
    const list = (prefix: string, n = 50) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(',');
    const query = `types=${list('t.', 49)},site.${'x'.repeat(200)}*&providers=${list('p')}&resources=${list('warpweb/site/')}`;
    const res = await api(`/v1/events?${query}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: [], next_after: '00000000000000000000' });
  });

  it('refuses /v1 without the bearer token', async () => {
    const res = await relayFetch('/v1/events');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
