/**
 * The metrics of watches and deliveries moving through the public surface:
 * real polls against the provider simulators (a 429 and a 500 included), a
 * real delivery to a sink that fails and is retried, an SSE client, and the
 * stored counters unchanged by a restart. Every scrape is parsed strictly.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/simulators/clock';
import { startLindoSim, type LindoSim } from '../src/simulators/lindo-sim';
import { startWarpwebSim, type WarpwebSim } from '../src/simulators/warpweb-sim';
import { parseExposition, sampleValue, type ParsedFamily } from './helpers/prometheus';
import { FAST_LIMITS, providerEnv } from './helpers/providers';
import { startTestRelay, tempDir, type TestRelay } from './helpers/relay';
import { startSink, type Sink } from './helpers/sink';
import { deliveriesOf, subscribe } from './helpers/subscriptions';

/** Waiting on a loaded 2-core machine: generous, never a timing assertion. */
const POLL = { timeout: 20_000, interval: 50 };

const dir = tempDir();
const clock = manualClock();
let warpweb: WarpwebSim;
let lindo: LindoSim;
let sink: Sink;
let relay: TestRelay;
let env: Record<string, string>;

beforeAll(async () => {
  [warpweb, lindo, sink] = await Promise.all([
    startWarpwebSim({ limits: FAST_LIMITS, retryAfterS: 1 }),
    startLindoSim({ limits: FAST_LIMITS, clock }),
    // The first real delivery fails; everything after it is taken.
    startSink((r) =>
      JSON.parse(r.body).type === 'site.complete' && sink.received.length === 1
        ? { status: 500, body: 'boom' }
        : { status: 204 },
    ),
  ]);
  env = {
    ...providerEnv(warpweb, lindo),
    SITEWIRE_POLL_TIMEOUT_MS: '3000',
    // A failed delivery stays failed until it is retried by hand.
    SITEWIRE_RETRY_SCHEDULE: '1h',
  };
  relay = await startTestRelay(env, { dir });
});
afterAll(async () => {
  await relay?.stop();
  await Promise.all([warpweb?.close(), lindo?.close(), sink?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(): Promise<Map<string, ParsedFamily>> {
  const res = await relay.api('/metrics');
  expect(res.status).toBe(200);
  return parseExposition(await res.text());
}
const value = async (name: string, labels: Record<string, string> = {}) =>
  sampleValue(await scrape(), name, labels) ?? 0;
const polls = (provider: string, outcome: string) => value('sitewire_provider_polls_total', { provider, outcome });
const watches = (provider: string, state: string) => value('sitewire_watches', { provider, state });
const attempts = (outcome: string) => value('sitewire_delivery_attempts_total', { outcome });
const watch = (body: Record<string, unknown>) =>
  relay.api('/v1/watches', { method: 'POST', body: JSON.stringify(body) });

describe('watch and delivery metrics', { timeout: 90_000 }, () => {
  it('start at zero, typed and named by the conventions', async () => {
    const m = await scrape();
    expect(m.get('sitewire_provider_polls_total')).toMatchObject({ type: 'counter', samples: [] });
    expect(m.get('sitewire_delivery_attempts_total')).toMatchObject({ type: 'counter', samples: [] });
    expect(m.get('sitewire_watches')?.type).toBe('gauge');
    for (const provider of ['warpweb', 'lindo']) {
      for (const state of ['active', 'done', 'expired', 'error'])
        expect(sampleValue(m, 'sitewire_watches', { provider, state })).toBe(0);
    }
    expect(sampleValue(m, 'sitewire_delivery_queue_depth')).toBe(0);
    expect(sampleValue(m, 'sitewire_delivery_oldest_pending_age_seconds')).toBe(0);
    expect(sampleValue(m, 'sitewire_sse_clients')).toBe(0);
  });

  it('count polls by outcome (429s as rate_limited), active watches, and delivery attempts by outcome', async () => {
    const sub = await subscribe(relay, { url: sink.url, types: ['site.complete'] });

    // A Lindo build that holds still until the test moves its clock: an active watch.
    const flow = lindo.addWorkflow({
      kind: 'website',
      durationMs: 10_000,
      scheduledMs: 0,
      pages: 2,
      pollAfterMs: 10,
      hint: false,
    });
    expect((await watch({ provider: 'lindo', id: flow })).status).toBe(201);
    await expect.poll(() => watches('lindo', 'active'), POLL).toBe(1);
    await expect.poll(() => polls('lindo', 'ok'), POLL).toBeGreaterThanOrEqual(1);

    // A Warpweb build whose first answer is a 429 and second a 500, then the truth.
    const site = warpweb.addSite({ durationMs: 200, drop: true });
    warpweb.faults.inject('429', { id: site });
    warpweb.faults.inject('500', { id: site });
    expect((await watch({ provider: 'warpweb', id: site })).status).toBe(201);
    await expect.poll(() => watches('warpweb', 'done'), POLL).toBe(1);
    expect(await polls('warpweb', 'rate_limited')).toBe(1);
    expect(await polls('warpweb', 'transient')).toBe(1);
    const w = (await (await relay.api('/v1/watches?provider=warpweb')).json()).data[0];
    const m = await scrape();
    const warpwebPolls = m.get('sitewire_provider_polls_total')!.samples.filter((s) => s.labels.provider === 'warpweb');
    // Every request the provider saw is counted once, as the watch counts them.
    expect(warpwebPolls.reduce((n, s) => n + s.value, 0)).toBe(w.polls);
    expect(warpweb.statusRequests(site)).toHaveLength(w.polls);
    expect(sampleValue(m, 'sitewire_watches', { provider: 'warpweb', state: 'active' })).toBe(0);
    expect(
      sampleValue(m, 'sitewire_events_total', { type: 'site.complete', provider: 'warpweb', source: 'poll' }),
    ).toBe(1);

    // Its completion went to the sink, which answered 500: failed, waiting in the queue.
    await expect.poll(() => attempts('failed'), POLL).toBe(1);
    const queued = await scrape();
    expect(sampleValue(queued, 'sitewire_delivery_queue_depth')).toBe(1);
    expect(sampleValue(queued, 'sitewire_deliveries', { status: 'failed' })).toBe(1);
    expect(sampleValue(queued, 'sitewire_delivery_oldest_pending_age_seconds')).toBeGreaterThan(0);

    const [failed] = await deliveriesOf(relay, sub.id, 'failed');
    expect((await relay.api(`/v1/deliveries/${failed!.id}/retry`, { method: 'POST' })).status).toBe(202);
    await expect.poll(() => attempts('succeeded'), POLL).toBe(1);
    const drained = await scrape();
    expect(sampleValue(drained, 'sitewire_delivery_queue_depth')).toBe(0);
    expect(sampleValue(drained, 'sitewire_delivery_oldest_pending_age_seconds')).toBe(0);
    expect(sampleValue(drained, 'sitewire_delivery_attempts_total', { outcome: 'failed' })).toBe(1);

    // The Lindo build ends: the watch leaves the active ones and its completion is delivered.
    clock.advance(10_000);
    await expect.poll(() => watches('lindo', 'done'), POLL).toBe(1);
    expect(await watches('lindo', 'active')).toBe(0);
    await expect.poll(() => attempts('succeeded'), POLL).toBe(2);
  });

  it('count SSE clients while they are connected', async () => {
    const stream = await relay.api('/v1/stream');
    expect(await value('sitewire_sse_clients')).toBe(1);
    await stream.body?.cancel();
    await expect.poll(() => value('sitewire_sse_clients'), POLL).toBe(0);
  });

  it('keep the poll and attempt counters across a restart (they are in the database)', async () => {
    const before = await scrape();
    await relay.close();
    relay = await startTestRelay(env, { dir });
    const after = await scrape();
    for (const name of [
      'sitewire_provider_polls_total',
      'sitewire_delivery_attempts_total',
      'sitewire_watches',
      'sitewire_deliveries',
    ]) {
      expect(after.get(name)?.samples, name).toEqual(before.get(name)?.samples);
    }
    expect(sampleValue(after, 'sitewire_delivery_attempts_total', { outcome: 'succeeded' })).toBe(2);
  });
});
