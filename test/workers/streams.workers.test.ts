/** Stream tokens and the per-build stream, served by the Durable Object through the Worker. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubOutbound } from './outbound';
import { apiJson, postWarpweb, relayFetch, warpwebEnvelope } from './relay';
import { readSse } from './sse';

// A research_ready webhook starts a watch; its polls get a transient 503 here and emit nothing.
beforeEach(() => void stubOutbound());
afterEach(() => {
  vi.restoreAllMocks();
});

async function ingest(type: string, siteId: string, payload: Record<string, unknown> = {}): Promise<string> {
  const res = await postWarpweb(warpwebEnvelope(type, siteId, payload));
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: string[] }).events[0]!;
}

async function streamToken(scope: Record<string, unknown>): Promise<string> {
  const issued = await apiJson('/v1/stream-tokens', 'POST', scope);
  expect(issued.status).toBe(200);
  return issued.body.token;
}

describe('stream tokens through the Worker', () => {
  it('read /v1/stream without the admin token, only inside their scope, and nothing else', async () => {
    const token = await streamToken({ resources: ['warpweb/site/tok-a'], ttl_s: 600 });
    const res = await relayFetch(`/v1/stream?access_token=${token}`);
    expect(res.status).toBe(200);
    const sse = readSse(res);
    expect(await sse.next()).toEqual({ retry: '2000' });
    await ingest('form.submit', 'tok-b', { name: 'outside the scope' });
    const inside = await ingest('form.submit', 'tok-a', { name: 'inside' });
    expect(JSON.parse((await sse.nextEvent()).data).id).toBe(inside);
    await sse.close();

    for (const path of [`/v1/events?access_token=${token}`, `/v1/stream?access_token=${token.slice(0, -2)}xx`]) {
      const refused = await relayFetch(path);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });
});

describe('the per-build stream through the Worker', () => {
  it('sends the current state, then each change, ends after the terminal event and answers 204 to the reconnect', async () => {
    const site = 'build-s1';
    const ready = await ingest('site.research_ready', site, { message: 'Research ready' });
    const token = await streamToken({ resources: [`warpweb/site/${site}`] });
    const path = `/v1/resources/warpweb/site/${site}/stream?access_token=${token}`;

    const live = await relayFetch(path);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = readSse(live);
    expect(await sse.next()).toEqual({ retry: '2000' });
    const current = await sse.nextEvent();
    expect([current.event, JSON.parse(current.data).id]).toEqual(['site.progress', ready]);

    const done = await ingest('site.complete', site, { deployment_url: 'https://build-s1.warpweb.app' });
    const terminal = await sse.nextEvent();
    expect([terminal.event, JSON.parse(terminal.data).id]).toEqual(['site.complete', done]);
    await expect(sse.nextEvent()).rejects.toThrow('stream ended');

    const again = await relayFetch(path, { headers: { 'last-event-id': terminal.id } });
    expect(again.status).toBe(204);

    // Without Last-Event-ID, a finished build is its final state and the end.
    const finished = await relayFetch(path);
    const frames = (await finished.text()).trim().split('\n\n');
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(new RegExp(`^id: ${terminal.id}\nevent: site\\.complete\ndata: `));
  });
});
