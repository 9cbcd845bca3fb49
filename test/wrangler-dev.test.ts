/**
 * The Workers build under `wrangler dev`, left alone: a watch whose webhooks
 * are all lost is polled again and again by the object's own alarms until
 * its build ends, within the key's budget, and a receiver that fails its
 * first attempts gets the retries on schedule. Nothing reaches the relay
 * while the test waits: every poll and every retry is started by the alarm
 * that ran before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWarpwebSim, type WarpwebSim } from '../src/simulators/warpweb-sim';
import { maxInWindow } from './helpers/max-in-window';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { startWranglerDev, type WranglerDev } from './helpers/wrangler-dev';

const TOKEN = 'wrangler-dev-admin-token-0123456789';
const SCHEDULE_MS = [1_000, 2_000];
let sim: WarpwebSim;
let sink: Sink;
let relay: WranglerDev;

beforeAll(async () => {
  sim = await startWarpwebSim();
  sink = await startSink((_req, index) => ({ status: index < SCHEDULE_MS.length ? 503 : 204 }));
  relay = await startWranglerDev({
    SITEWIRE_ADMIN_TOKEN: TOKEN,
    WARPWEB_API_URL: sim.url,
    WARPWEB_API_KEY: 'wwk_simulator_key_0000000000000000000000000000',
    SITEWIRE_POLL_INTERVAL_MS: '500',
    SITEWIRE_POLL_SAFETY_MS: '500',
    SITEWIRE_RETRY_SCHEDULE: '1s,2s,5s',
    SITEWIRE_ALLOW_PRIVATE_TARGETS: 'true',
    SITEWIRE_LOG: 'warn',
    // Webhooks, the watch and its polls on three resource shards in front of the log.
    SITEWIRE_SHARDS: '3',
  });
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  await sink?.close();
  await sim?.close();
});

async function api(path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(relay.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Workers relay under wrangler dev, driven by its own alarms', () => {
  it('polls a watch with lost webhooks to its end and retries a failing delivery on schedule', async () => {
    expect((await api('/healthz')).body).toMatchObject({ runtime: 'workers', topology: { shards: 3 } });
    const siteId = sim.addSite({ durationMs: 14_000, drop: true });
    const subject = `warpweb/site/${siteId}`;
    const sub = await api('/v1/subscriptions', { url: sink.url, types: ['site.*'], resources: [subject] });
    expect(sub.status).toBe(201);
    const watch = await api('/v1/watches', { provider: 'warpweb', id: siteId });
    expect(watch.status).toBe(201);

    const completed = () =>
      sink.received.some((r, i) => i >= SCHEDULE_MS.length && JSON.parse(r.body).type === 'site.complete');
    await until(completed, 60_000, 'the site.complete delivery');

    // Polled repeatedly, within Warpweb's 30 requests per minute, until the build ended.
    const polls = sim.statusRequests(siteId).map((r) => r.at);
    expect(polls.length).toBeGreaterThanOrEqual(5);
    expect(maxInWindow(polls, 60_000)).toBeLessThanOrEqual(30);
    expect((await api(`/v1/watches/${watch.body.id}`)).body).toMatchObject({ state: 'done', status: 'complete' });

    // The first delivery failed twice and was retried after each scheduled delay, then every event followed in order.
    const attempts = sink.received;
    const first = attempts.slice(0, SCHEDULE_MS.length + 1);
    expect(new Set(first.map((r) => r.headers['webhook-id'])).size).toBe(1);
    SCHEDULE_MS.forEach((delay, i) => expect(first[i + 1]!.at - first[i]!.at).toBeGreaterThanOrEqual(delay));
    const delivered = attempts
      .slice(SCHEDULE_MS.length)
      .map((r) => verifyDelivery(sub.body.secret, r) as { type: string; sequence: string });
    expect(delivered.at(-1)!.type).toBe('site.complete');
    const sequences = delivered.map((e) => Number(e.sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    const events = (await api(`/v1/events?resources=${encodeURIComponent(subject)}`)).body.data as { id: string }[];
    expect(delivered.map((e: any) => e.id)).toEqual(events.map((e) => e.id));
  }, 150_000);
});
