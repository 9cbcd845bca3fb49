import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const relay = useTestRelay();

const SITE = '11111111-2222-4333-8444-555555555555';
const base = () => `${relay.url}/v1/resources/warpweb/site`;

function open(url: string) {
  const messages: { type: string; id: string; data: any }[] = [];
  const attempts: { status: number; lastEventId: string | null }[] = [];
  const es = new EventSource(url, {
    fetch: async (input, init) => {
      const headers: Record<string, string> = {
        ...(init?.headers as Record<string, string>),
        authorization: `Bearer ${relay.adminToken}`,
      };
      const res = await fetch(input, { ...init, headers });
      attempts.push({ status: res.status, lastEventId: headers['last-event-id'] ?? headers['Last-Event-ID'] ?? null });
      return res;
    },
  });
  for (const type of ['site.progress', 'site.complete', 'site.failed', 'form.submitted', 'watch.expired']) {
    es.addEventListener(type, (m) => messages.push({ type, id: m.lastEventId, data: JSON.parse(m.data) }));
  }
  return { es, messages, attempts };
}

describe('GET /v1/resources/:provider/:kind/:id', () => {
  it('404 before anything is known, for unknown providers and kinds', async () => {
    expect((await relay.api(`/v1/resources/warpweb/site/never-seen`)).status).toBe(404);
    expect((await relay.api(`/v1/resources/wix/site/x`)).status).toBe(404);
    expect((await relay.api(`/v1/resources/warpweb/app/x`)).status).toBe(404);
    expect(
      (await relay.api(`/v1/resources/warpweb/site/x/stream`, { headers: { 'last-event-id': 'abc' } })).status,
    ).toBe(400);
  });
});

describe('the per-build stream', () => {
  it('sends the current state first, then each change, closes after the terminal event, and answers 204 to the reconnect', async () => {
    const ready = await (
      await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', SITE, { message: 'Research ready' }))
    ).json();
    const state = await (await relay.api(`/v1/resources/warpweb/site/${SITE}`)).json();
    expect(state).toMatchObject({
      subject: `warpweb/site/${SITE}`,
      provider: 'warpweb',
      kind: 'site',
      resource_id: SITE,
      status: 'running',
      terminal: false,
      last_event_id: ready.events[0],
      data: { phase: 'research_review', message: 'Research ready' },
      watch: null,
    });

    const { es, messages, attempts } = open(`${base()}/${SITE}/stream`);
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toMatchObject({
      type: 'site.progress',
      id: String(state.last_sequence),
      data: { id: ready.events[0] },
    });

    // Another event on the same subject that is not about the build's state is not part of this stream.
    await postWarpweb(relay.url, warpwebEnvelope('form.submit', SITE, { name: 'Ann', email: 'ann@example.com' }));
    const done = await (
      await postWarpweb(
        relay.url,
        warpwebEnvelope('site.complete', SITE, { deployment_url: 'https://done.warpweb.app' }),
      )
    ).json();
    await expect.poll(() => messages.length).toBe(2);
    expect(messages[1]).toMatchObject({
      type: 'site.complete',
      data: { id: done.events[0], data: { url: 'https://done.warpweb.app' } },
    });

    // The server closed; EventSource reconnects with the terminal id, gets 204 and stops for good.
    await expect.poll(() => es.readyState, { timeout: 10_000 }).toBe(EventSource.CLOSED);
    expect(attempts.map((a) => a.status)).toEqual([200, 204]);
    expect(attempts[1]!.lastEventId).toBe(messages[1]!.id);
    expect(messages.map((m) => m.type)).toEqual(['site.progress', 'site.complete']);
    es.close();
  });

  it('a finished build: the final state, then the end', async () => {
    const res = await relay.api(`/v1/resources/warpweb/site/${SITE}/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const frames = text.trim().split('\n\n');
    expect(frames[0]).toBe('retry: 2000');
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(/^id: \d+\nevent: site\.complete\ndata: \{/);
  });

  it('a reconnect mid-build replays what it missed, in order, and nothing before', async () => {
    const id = '99999999-2222-4333-8444-555555555555';
    const first = await (
      await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', id, { message: 'one' }))
    ).json();
    const seq = (await (await relay.api(`/v1/events/${first.events[0]}`)).json()).sequence;
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', id, { message: 'two' }));
    const { es, messages } = open(`${base()}/${id}/stream?last_event_id=${seq}`);
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]!.data.data.message).toBe('two');
    await postWarpweb(relay.url, warpwebEnvelope('site.failed', id, { last_error: 'nope' }));
    await expect.poll(() => messages.map((m) => m.type)).toEqual(['site.progress', 'site.failed']);
    es.close();
    const after = await relay.api(`/v1/resources/warpweb/site/${id}/stream`, {
      headers: { 'last-event-id': messages[1]!.id },
    });
    expect(after.status).toBe(204);
  });
});
