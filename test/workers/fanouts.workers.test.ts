/**
 * SSE listeners held by fan-out objects, end to end through the Worker: 40
 * listeners over both fan-outs (all-events streams, some with stream tokens
 * and some resuming mid-stream, and per-build streams) each get every
 * matching event once, in order, while two subscriptions (one failing its
 * first attempt) receive the same events signed; a batch lost between the
 * relay's commit and the fan-outs is filled in from the log.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyData } from '../../src/core/event';
import { createRelayObject } from '../../src/runtime/relay-object';
import { subjectHash } from '../../src/runtime/object-router';
import { verifyDelivery } from '../helpers/verify-delivery';
import { FANOUTS, fanoutStub, held } from './fanouts';
import { collect, open, type Listener } from './listeners';
import { stubOutbound } from './outbound';
import { apiJson, BASE, postWarpweb, relayFetch, relayStub, warpwebEnvelope } from './relay';
import { readSse } from './sse';

afterEach(() => {
  vi.restoreAllMocks();
});

const SINK = 'https://fanout-sink.example';
const run = crypto.randomUUID().slice(0, 8);

/** Two builds on each fan-out (by the router's own hash). */
function buildsOnEveryFanout(perFanout: number): string[] {
  const picked: string[] = [];
  for (let i = 0; picked.length < perFanout * FANOUTS; i++) {
    const id = `fo-${run}-${i}`;
    const on = subjectHash(`warpweb/site/${id}`) % FANOUTS;
    if (picked.filter((p) => subjectHash(`warpweb/site/${p}`) % FANOUTS === on).length < perFanout) picked.push(id);
  }
  return picked;
}

async function ingest(type: string, siteId: string, payload: Record<string, unknown> = {}): Promise<string> {
  const res = await postWarpweb(warpwebEnvelope(type, siteId, payload));
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: string[] }).events[0]!;
}

async function streamToken(resources: string[]): Promise<string> {
  const issued = await apiJson('/v1/stream-tokens', 'POST', { resources });
  expect(issued.status).toBe(200);
  return issued.body.token;
}

describe('SSE listeners on fan-out objects', () => {
  it('reports the configured fan-outs in the health topology', async () => {
    const res = await relayFetch('/healthz');
    expect(await res.json()).toMatchObject({ runtime: 'workers', topology: { shards: 3, fanouts: 2 } });
    expect(FANOUTS).toBe(2);
  });

  it('answers 503 naming SITEWIRE_FANOUTS when it is not a count', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const answer = await runInDurableObject(env.RELAY.getByName('bad-fanouts'), async (_object, state) => {
      const object = createRelayObject(state, { ...env, SITEWIRE_FANOUTS: 'many' });
      const res = await object.fetch(new Request(`${BASE}/healthz`));
      return { status: res.status, body: (await res.json()) as { error: { message: string } } };
    });
    expect(answer.status).toBe(503);
    expect(answer.body.error.message).toBe(
      'invalid configuration: SITEWIRE_FANOUTS: expected a whole number (got "many")',
    );
  });

  it('gives 40 listeners over both fan-outs every matching event once, in order, beside 2 subscriptions', async () => {
    const outbound = stubOutbound();
    let refused = false;
    outbound.route((req) => {
      if (!req.url.startsWith(SINK)) return undefined;
      if (req.url.endsWith('/flaky') && !refused) {
        refused = true;
        return new Response('not yet', { status: 500 });
      }
      return new Response(null, { status: 204 });
    });
    const sites = buildsOnEveryFanout(2);
    const subjects = sites.map((s) => `warpweb/site/${s}`);
    const subs = [];
    for (const path of ['/steady', '/flaky']) {
      const body = { url: `${SINK}${path}`, types: ['form.submitted'], resources: subjects };
      const created = await apiJson('/v1/subscriptions', 'POST', body);
      expect(created.status).toBe(201);
      subs.push({ path, ...(created.body as { id: string; secret: string }) });
    }

    // 20 all-events streams (half with a stream token, half resuming mid-stream) and 5 per build.
    const token = await streamToken(subjects);
    const all = `/v1/stream?types=site.*,form.*&resources=${subjects.join(',')}`;
    const streams: { listener: Listener; resumeAfter?: number; site?: string }[] = [];
    for (let i = 0; i < 20; i++) {
      streams.push({ listener: { path: all, token: i % 2 ? token : undefined }, resumeAfter: i < 10 ? 7 : undefined });
    }
    for (const site of sites) {
      for (let i = 0; i < 5; i++) {
        streams.push({
          listener: { path: `/v1/resources/warpweb/site/${site}/stream`, token: i % 2 ? token : undefined },
          site,
        });
      }
    }
    const opened = await Promise.all(streams.map((s) => open(s.listener)));
    const holding = await Promise.all(Array.from({ length: FANOUTS }, (_, i) => held(i)));
    expect(holding.reduce((n, h) => n + h.streams, 0)).toBeGreaterThanOrEqual(40);
    for (const h of holding) expect(h.streams).toBeGreaterThan(0);

    // Per build: progress, three forms (each round sent at once, so they share commits), the terminal state.
    const perBuild = 5;
    const reading = streams.map((s, i) =>
      collect(s.listener, opened[i]!, s.site ? 2 : perBuild * sites.length, s.resumeAfter),
    );
    const sent: Record<string, string[]> = Object.fromEntries(sites.map((s) => [s, []]));
    for (const site of sites) sent[site]!.push(await ingest('site.research_ready', site, { message: 'Researching' }));
    for (let round = 0; round < 3; round++) {
      const ids = await Promise.all(sites.map((site) => ingest('form.submit', site, { name: `n${round}` })));
      for (const [i, site] of sites.entries()) sent[site]!.push(ids[i]!);
    }
    for (const site of sites)
      sent[site]!.push(await ingest('site.complete', site, { deployment_url: 'https://x.app' }));
    const seen = await Promise.all(reading);

    const logged = await apiJson(`/v1/events?types=site.*,form.*&resources=${subjects.join(',')}&limit=1000`);
    const expected = logged.body.data.map((e: any) => e.id) as string[];
    expect(expected).toHaveLength(perBuild * sites.length);
    for (const [i, s] of streams.entries()) {
      const ids = seen[i]!.map((m) => m.eventId);
      if (!s.site) {
        expect(ids).toEqual(expected);
        continue;
      }
      // The build's own stream: its state changes only, ending with the terminal one.
      expect(ids).toEqual([sent[s.site]![0], sent[s.site]![4]]);
      expect(seen[i]!.map((m) => m.event)).toEqual(['site.progress', 'site.complete']);
    }
    // Every listener is released once its stream ended.
    await expect
      .poll(async () => (await Promise.all([held(0), held(1)])).map((h) => h.streams), { timeout: 5_000 })
      .toEqual([0, 0]);

    for (const sub of subs) {
      await expect
        .poll(
          async () =>
            ((await apiJson(`/v1/subscriptions/${sub.id}/deliveries?limit=100`)).body.data as any[]).filter(
              (d) => d.status === 'succeeded',
            ).length,
          { timeout: 15_000, interval: 50 },
        )
        .toBe(3 * sites.length);
      const calls = outbound.to(`${SINK}${sub.path}`);
      expect(calls).toHaveLength(3 * sites.length + (sub.path === '/flaky' ? 1 : 0));
      for (const call of calls) verifyDelivery(sub.secret, call);
      for (const site of sites) {
        const delivered = calls.filter((c) => JSON.parse(c.body).subject === `warpweb/site/${site}`);
        const firsts = delivered.map((c) => c.headers['webhook-id']).filter((id, i, a) => a.indexOf(id) === i);
        expect(firsts).toEqual(sent[site]!.slice(1, 4));
      }
    }
  });

  it('fills in from the log a batch lost between the relay’s commit and the fan-outs', async () => {
    const site = `fo-${run}-gap`;
    const subject = `warpweb/site/${site}`;
    const auth = { authorization: `Bearer ${env.SITEWIRE_ADMIN_TOKEN}` };
    // One listener on each fan-out, asked directly as the Worker would.
    const listeners = await Promise.all(
      Array.from({ length: FANOUTS }, async (_, i) => {
        const res = await fanoutStub(i).fetch(new Request(`${BASE}/v1/stream?resources=${subject}`, { headers: auth }));
        expect(res.status).toBe(200);
        const sse = readSse(res, 20_000);
        expect(await sse.next()).toEqual({ retry: '2000' });
        return sse;
      }),
    );
    try {
      await fillsTheGap(site, subject, listeners);
    } finally {
      for (const sse of listeners) await sse.close();
    }
  });
});

async function fillsTheGap(site: string, subject: string, listeners: ReturnType<typeof readSse>[]) {
  const before = await ingest('form.submit', site, { name: 'before' });
  for (const sse of listeners) expect(JSON.parse((await sse.nextEvent()).data).id).toBe(before);

  // Committed by the relay, never sent to a fan-out (as if the relay were evicted right after its commit).
  const lost = await runInDurableObject(relayStub(), ({ object }) => {
    const data = { ...emptyData('warpweb', 'webhook'), kind: 'site', resource_id: site };
    const e = {
      id: `evt_lost_${run}`,
      type: 'form.submitted',
      subject,
      provider: 'warpweb',
      time: new Date().toISOString(),
      data,
    };
    return object.relay!.store.events.append(e, Date.now()).seq;
  });
  const after = await ingest('form.submit', site, { name: 'after' });
  const later = await ingest('form.submit', site, { name: 'later' });
  for (const [i, sse] of listeners.entries()) {
    const got = [await sse.nextEvent(), await sse.nextEvent(), await sse.nextEvent()];
    expect(got.map((m) => JSON.parse(m.data).id)).toEqual([`evt_lost_${run}`, after, later]);
    expect(Number(got[0]!.id)).toBe(lost);
    expect((await held(i)).lastPublished).toBeGreaterThanOrEqual(Number(got[2]!.id));
  }
}
