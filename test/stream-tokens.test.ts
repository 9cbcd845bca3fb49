import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app';
import { startTestRelay, tempDir, type TestRelay } from './helpers/relay';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

/** Waiting on a loaded 2-core machine: generous, never a timing assertion. */
const POLL = { timeout: 15_000 };

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({}, { dir: tempDir() });
});
afterAll(async () => {
  await relay.stop();
});

const issue = async (body: unknown, base = relay) => {
  const res = await base.api('/v1/stream-tokens', { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; expires_at: string; scope: unknown; stream_url: string };
};

/** A browser-like client: no headers, the token in the URL. */
function listen(url: string) {
  const received: { type: string; subject: string; sequence: string }[] = [];
  const es = new EventSource(url);
  const opened = new Promise<void>((resolve, reject) => {
    es.onopen = () => resolve();
    es.onerror = (e) => reject(new Error(`stream refused: ${e.code ?? e.message}`));
  });
  es.onmessage = (m) => received.push(JSON.parse(m.data));
  for (const type of ['site.progress', 'site.complete', 'form.submitted'])
    es.addEventListener(type, (m) => received.push(JSON.parse(m.data)));
  return { es, received, opened };
}

describe('POST /v1/stream-tokens', () => {
  it('issues a token with the scope, the expiry and a ready stream URL', async () => {
    const before = Date.now();
    const t = await issue({ types: ['site.*'], resources: ['warpweb/site/a'], ttl_s: 120 });
    expect(t.token).toMatch(/^sws_/);
    expect(t.scope).toEqual({ types: ['site.*'], providers: [], resources: ['warpweb/site/a'] });
    expect(t.stream_url).toBe(`${relay.url}/v1/stream?access_token=${t.token}`);
    const exp = Date.parse(t.expires_at);
    expect(exp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 119_000);
    expect(exp).toBeLessThanOrEqual(Date.now() + 120_000);
  });

  it('defaults to one hour and an unrestricted scope, with no body at all', async () => {
    const res = await relay.api('/v1/stream-tokens', { method: 'POST' });
    expect(res.status).toBe(200);
    const t = await res.json();
    expect(t.scope).toEqual({ types: [], providers: [], resources: [] });
    expect(Date.parse(t.expires_at) - Date.now()).toBeGreaterThan(3_590_000);
  });

  it('refuses a ttl out of bounds, a misspelt key and a scope too large for a URL', async () => {
    const long = Array.from({ length: 50 }, (_, i) => `warpweb/site/${String(i).padStart(280, 'x')}`);
    for (const [body, path] of [
      [{ ttl_s: 0 }, ['ttl_s']],
      [{ ttl_s: 86_401 }, ['ttl_s']],
      [{ ttl_s: 1.5 }, ['ttl_s']],
      [{ resource: ['warpweb/site/a'] }, []],
      [{ types: 'site.*' }, ['types']],
      [{ resources: long }, null],
    ] as const) {
      const res = await relay.api('/v1/stream-tokens', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      const err = await res.json();
      expect(err.error.code).toBe('invalid_request');
      if (path) expect(err.error.issues[0].path).toEqual(path);
    }
  });

  it('needs the admin token: a stream token cannot mint another', async () => {
    const { token } = await issue({});
    const res = await fetch(`${relay.url}/v1/stream-tokens?access_token=${token}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });
});

describe('a stream opened with a token', () => {
  it('sees only the events inside its scope, replayed and live', async () => {
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'scoped-a0'));
    const first = await (await relay.api('/v1/events?limit=1')).json();
    const t = await issue({ resources: ['warpweb/site/scoped-a', 'warpweb/site/scoped-a0'], types: ['site.*'] });
    const { es, received, opened } = listen(
      `${relay.url}/v1/stream?access_token=${t.token}&last_event_id=${Number(first.data[0].sequence) - 1}`,
    );
    await opened;
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', 'scoped-b'));
    await postWarpweb(relay.url, warpwebEnvelope('form.submit', 'scoped-a', { name: 'x' }));
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', 'scoped-a'));
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'scoped-b'));
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'scoped-a'));
    await expect.poll(() => received.length, POLL).toBe(3);
    es.close();
    expect(received.map((e) => `${e.type} ${e.subject}`)).toEqual([
      'site.complete warpweb/site/scoped-a0',
      'site.progress warpweb/site/scoped-a',
      'site.complete warpweb/site/scoped-a',
    ]);
  });

  it('still narrows by the query filter inside the scope', async () => {
    const t = await issue({ providers: ['warpweb'] });
    const { es, received, opened } = listen(`${relay.url}/v1/stream?access_token=${t.token}&types=site.complete`);
    await opened;
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', 'narrow-1'));
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'narrow-1'));
    await expect.poll(() => received.length, POLL).toBe(1);
    es.close();
    expect(received[0]).toMatchObject({ type: 'site.complete', subject: 'warpweb/site/narrow-1' });
  });

  it('is refused on every route that is not a stream', async () => {
    const { token } = await issue({});
    const event = (await (await relay.api('/v1/events?limit=1')).json()).data[0];
    for (const path of ['/v1/events', `/v1/events/${event.id}`, '/v1/watches', '/v1/subscriptions', '/metrics']) {
      const res = await fetch(`${relay.url}${path}?access_token=${token}`);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('is refused when tampered with', async () => {
    const { token } = await issue({ resources: ['warpweb/site/a'] });
    const [body, mac] = token.slice(4).split('.') as [string, string];
    const widened = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), resources: undefined }),
    ).toString('base64url');
    for (const bad of [
      `sws_${widened}.${mac}`,
      `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`,
      'sws_nonsense',
      '',
    ]) {
      const res = await fetch(`${relay.url}/v1/stream?access_token=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('stays valid across a restart (the key is kept in the database)', async () => {
    const { token } = await issue({ ttl_s: 600 });
    await relay.close();
    relay = await startTestRelay({}, { dir: relay.dir });
    const res = await fetch(`${relay.url}/v1/stream?access_token=${token}`);
    expect(res.status).toBe(200);
    await res.body?.cancel();
  });
});

describe('token expiry', () => {
  it('is refused from its expiry on, and a stream opened before ends at it', async () => {
    const t = createTestApp({ now: Date.parse('2026-05-18T12:00:00.000Z') });
    try {
      const res = await t.admin('/v1/stream-tokens', { method: 'POST', body: JSON.stringify({ ttl_s: 60 }) });
      const { token, expires_at } = await res.json();
      expect(expires_at).toBe('2026-05-18T12:01:00.000Z');

      t.clock.now = Date.parse(expires_at) - 30; // the stream's deadline is 30 ms away
      const open = await t.app.request(`/v1/stream?access_token=${token}`);
      expect(open.status).toBe(200);
      const reader = open.body!.getReader();
      const chunks: string[] = [];
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        chunks.push(new TextDecoder().decode(r.value));
      }
      expect(chunks.join('')).toContain('retry: 2000');

      t.clock.now = Date.parse(expires_at);
      const late = await t.app.request(`/v1/stream?access_token=${token}`);
      expect(late.status).toBe(401);
      expect((await late.json()).error.code).toBe('unauthorized');
    } finally {
      t.close();
    }
  });
});

describe('a token on the per-build stream', () => {
  const build = (id: string) => `${relay.url}/v1/resources/warpweb/site/${id}/stream`;
  const refusal = async (res: Response) => ({ status: res.status, body: await res.json() });

  it('opens the stream of a build its scope covers: the snapshot, the end, and 204 on the reconnect', async () => {
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', 'per-build-mine'));
    for (const scope of [
      { resources: ['warpweb/site/per-build-mine'] },
      { types: ['site.*'], providers: ['warpweb'], resources: ['warpweb/site/per-build-mine'] },
      {},
    ]) {
      const { token } = await issue(scope);
      const { es, received, opened } = listen(`${build('per-build-mine')}?access_token=${token}`);
      await opened;
      await expect.poll(() => received.length, POLL).toBe(1);
      es.close();
      expect(received[0]).toMatchObject({ type: 'site.progress', subject: 'warpweb/site/per-build-mine' });
    }
    const done = await (await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'per-build-mine'))).json();
    const seq = (await (await relay.api(`/v1/events/${done.events[0]}`)).json()).sequence;
    const { token } = await issue({ resources: ['warpweb/site/per-build-mine'] });
    const reconnect = await fetch(`${build('per-build-mine')}?access_token=${token}`, {
      headers: { 'last-event-id': seq },
    });
    expect(reconnect.status).toBe(204);
  });

  it('learns nothing about a build outside its scope: the same 401 whether it runs, ended, or never existed', async () => {
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', 'per-build-running'));
    const ended = await (await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'per-build-ended'))).json();
    const endSeq = (await (await relay.api(`/v1/events/${ended.events[0]}`)).json()).sequence;
    const outside = [
      { resources: ['warpweb/site/per-build-mine'] }, // another build
      { providers: ['lindo'] }, // another provider
      { types: ['site.complete'] }, // only part of the build's events: the end alone would show in a 204
      { types: ['form.*', 'watch.*'] },
    ];
    const answers = [];
    for (const scope of outside) {
      const { token } = await issue(scope);
      for (const site of ['per-build-running', 'per-build-ended', 'per-build-never']) {
        answers.push(await refusal(await fetch(`${build(site)}?access_token=${token}`)));
        answers.push(
          await refusal(await fetch(`${build(site)}?access_token=${token}`, { headers: { 'last-event-id': endSeq } })),
        );
        answers.push(await refusal(await fetch(`${build(site)}?access_token=${token}&last_event_id=0`)));
      }
    }
    expect(answers).toHaveLength(outside.length * 9);
    for (const a of answers) {
      expect(a).toEqual({
        status: 401,
        body: { error: { code: 'unauthorized', message: 'This stream token does not cover that build.' } },
      });
    }
    // The admin token still sees the ended build end.
    expect(
      (await relay.api(`/v1/resources/warpweb/site/per-build-ended/stream`, { headers: { 'last-event-id': endSeq } }))
        .status,
    ).toBe(204);
  });
});
