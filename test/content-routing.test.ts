/**
 * Routing by content (docs/api.md#content-filters): a watch's metadata is on every event of its
 * build (polled or webhook), and a subscription, the events API, a stream and a stream token
 * with `filter: {"data.metadata.customer": "acme"}` see only acme's builds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTraceparent } from '../src/core/traceparent';
import { useProviders } from './helpers/providers';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { listen } from './helpers/sse';
import { eventually, getJson, sendForm, subscribe, type SubscriptionJson } from './helpers/subscriptions';

const p = useProviders();
const ACME = { 'data.metadata.customer': 'acme' };
const q = (filter: unknown) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;
let sink: Sink;
let sub: SubscriptionJson;
const site: Record<string, string> = {};
let acmeSubjects: string[];

beforeAll(async () => {
  sink = await startSink();
  sub = await subscribe(p.relay, { url: sink.url, filter: ACME });
  for (const customer of ['acme', 'globex']) {
    // No webhooks from the provider: these builds are seen by polling only.
    site[customer] = p.warpweb.addSite({ durationMs: 400, drop: true });
    const res = await p.relay.api('/v1/watches', {
      method: 'POST',
      body: JSON.stringify({ provider: 'warpweb', id: site[customer], metadata: { customer, plan: 'pro' } }),
    });
    expect(res.status).toBe(201);
  }
  for (const id of Object.values(site)) {
    for (let i = 0; (await p.watchOf(`warpweb/site/${id}`))?.state !== 'done'; i++) {
      if (i > 400) throw new Error(`the watch of ${id} did not end`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  // A webhook about a watched build carries its watch's metadata too.
  await sendForm(p.relay, site.acme!, 'Ann');
  await sendForm(p.relay, site.globex!, 'Bob');
  acmeSubjects = [`warpweb/site/${site.acme}`];
});
afterAll(() => sink.close());

describe('data.metadata', () => {
  it('is the watch metadata on every event of the build, polled or webhook; null when unwatched', async () => {
    const events = await p.eventsOf(`warpweb/site/${site.acme}`);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['site.complete', 'form.submitted']));
    for (const e of events) expect(e.data.metadata).toEqual({ customer: 'acme', plan: 'pro' });
    // A poll starts its own trace.
    for (const e of events) expect(parseTraceparent((e as { traceparent?: string }).traceparent)).not.toBeNull();
    await sendForm(p.relay, 'unwatched-site', 'Cy');
    const [unwatched] = await p.eventsOf('warpweb/site/unwatched-site');
    expect(unwatched!.data.metadata).toBeNull();
  });
});

describe('a subscription filter', () => {
  it('delivers only the matching builds, signed', async () => {
    const acme = await p.eventsOf(`warpweb/site/${site.acme}`);
    await eventually(() => sink.received.length).toBe(acme.length);
    const delivered = sink.received.map((r) => verifyDelivery(sub.secret, r) as { id: string; subject: string });
    expect(delivered.map((e) => e.subject)).toEqual(acme.map(() => acmeSubjects[0]));
    expect(delivered.map((e) => e.id).sort()).toEqual(acme.map((e) => (e as unknown as { id: string }).id).sort());
  });

  it('is shown on reads, changed by PATCH, cleared with null, and validated', async () => {
    expect((await getJson(p.relay, `/v1/subscriptions/${sub.id}`)).filter).toEqual(ACME);
    const patched = await getJson(p.relay, `/v1/subscriptions/${sub.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ filter: { 'data.status': ['complete', 'failed'], type: 'site.complete' } }),
    });
    expect(patched.filter).toEqual({ 'data.status': ['complete', 'failed'], type: 'site.complete' });
    const other = await subscribe(p.relay, { url: sink.url });
    expect(other.filter).toBeNull();
    const cleared = await getJson(p.relay, `/v1/subscriptions/${sub.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ filter: null }),
    });
    expect(cleared.filter).toBeNull();
    for (const filter of [{ 'data..x': 1 }, { 'data.status': { a: 1 } }, ['data.status'], { 'data.status': [] }]) {
      const res = await p.relay.api('/v1/subscriptions', {
        method: 'POST',
        body: JSON.stringify({ url: sink.url, filter }),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_request');
    }
  });

  it('re-queues only matching events on replay (the same rule, in SQL)', async () => {
    const replayer = await subscribe(p.relay, {
      url: `${sink.url}?replay`,
      filter: { 'data.metadata.customer': 'globex' },
    });
    const res = await p.relay.api(`/v1/subscriptions/${replayer.id}/replay`, {
      method: 'POST',
      body: JSON.stringify({ since: '0' }),
    });
    const globex = await p.eventsOf(`warpweb/site/${site.globex}`);
    expect((await res.json()).queued).toBe(globex.length);
  });
});

describe('GET /v1/events?filter=', () => {
  it('reads only matching events', async () => {
    const page = await getJson(p.relay, `/v1/events?limit=1000&${q(ACME)}`);
    const subjects = new Set(page.data.map((e: { subject: string }) => e.subject));
    expect([...subjects]).toEqual(acmeSubjects);
    const completes = await getJson(p.relay, `/v1/events?limit=1000&${q({ ...ACME, type: 'site.complete' })}`);
    expect(completes.data.map((e: { type: string }) => e.type)).toEqual(['site.complete']);
  });

  it.each([
    ['not JSON', 'filter=%7Bnope'],
    ['a bad path', q({ 'data.$x': 1 })],
    ['too many keys', q(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 1])))],
    ['a list', q(['x'])],
  ])('answers 400 invalid_request for %s', async (_name, query) => {
    for (const path of ['/v1/events', '/v1/stream']) {
      const res = await p.relay.api(`${path}?${query}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'invalid_request' });
    }
  });
});

describe('streams and stream tokens with a filter', () => {
  const types = ['site.queued', 'site.progress', 'site.complete', 'form.submitted'];

  it('a stream replays and follows only matching events', async () => {
    const s = listen(`${p.relay.url}/v1/stream?last_event_id=0&${q(ACME)}`, { token: p.relay.adminToken, types });
    try {
      const stored = await p.eventsOf(`warpweb/site/${site.acme}`);
      await eventually(() => s.messages.length).toBe(stored.length);
      await sendForm(p.relay, site.globex!, 'live-globex');
      await sendForm(p.relay, site.acme!, 'live-acme');
      await eventually(() => s.messages.length).toBe(stored.length + 1);
      expect(new Set(s.messages.map((m) => m.event.subject))).toEqual(new Set(acmeSubjects));
    } finally {
      s.close();
    }
  });

  it('a token with a filter reads only matching events, whatever the query asks', async () => {
    const issued = await getJson(p.relay, '/v1/stream-tokens', {
      method: 'POST',
      body: JSON.stringify({ filter: ACME }),
    });
    expect(issued.scope).toEqual({ types: [], providers: [], resources: [], filter: ACME });
    const s = listen(`${issued.stream_url}&last_event_id=0`, { token: 'unused', types });
    const url = `${p.relay.url}/v1/resources/warpweb/site/${site.globex}/stream?access_token=${issued.token}`;
    try {
      const stored = await p.eventsOf(`warpweb/site/${site.acme}`);
      await eventually(() => s.messages.length).toBe(stored.length);
      expect(new Set(s.messages.map((m) => m.event.subject))).toEqual(new Set(acmeSubjects));
      // Another customer's build stream is refused; this customer's opens.
      expect((await fetch(url)).status).toBe(401);
      const own = await fetch(url.replace(site.globex!, site.acme!));
      expect(own.status).toBe(200);
      await own.body?.cancel();
    } finally {
      s.close();
    }
  });

  it('refuses a token request with an invalid filter', async () => {
    const res = await p.relay.api('/v1/stream-tokens', { method: 'POST', body: JSON.stringify({ filter: { '': 1 } }) });
    expect(res.status).toBe(400);
  });
});
