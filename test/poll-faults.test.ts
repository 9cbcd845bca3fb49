import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../src/simulators/faults';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { typesOf } from './helpers/providers';
import { startVirtualProviders, type VirtualProviders } from './helpers/virtual-providers';

// Builds, faults and retries run on the test's clock; the probe below runs in real time beside it.
let p: VirtualProviders;
const relayStatuses: number[] = [];
let probing = true;
let probe: Promise<void>;

beforeAll(async () => {
  p = await startVirtualProviders();
  // While providers misbehave, the relay's own API keeps answering without a 5xx.
  probe = (async () => {
    while (probing) {
      for (const path of ['/v1/watches?state=active', '/v1/events?limit=5', '/healthz']) {
        relayStatuses.push((await p.relay.api(path)).status);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
});
afterAll(async () => {
  probing = false;
  await probe;
  await p.close();
  expect(relayStatuses.length).toBeGreaterThan(0);
  expect(relayStatuses.filter((s) => s >= 500)).toEqual([]);
});

const TRANSIENT: Fault[] = ['500', '429', 'slow', 'truncated', 'wrong_shape', 'html'];

async function follow(provider: 'warpweb' | 'lindo', id: string, kind = 'site') {
  const res = await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider, id, kind }) });
  expect(res.status).toBe(201);
  const subject = `${provider}/${kind}/${id}`;
  expect((await p.settle(subject))?.state).not.toBe('active');
  return { subject, watch: (await p.watchOf(subject))!, events: await p.eventsOf(subject) };
}

describe('provider faults never stop a watch from reaching its terminal event', () => {
  it.each(['warpweb', 'lindo'] as const)('%s: every transient fault in turn, then recovery', async (provider) => {
    const id =
      provider === 'warpweb'
        ? p.warpweb.addSite({ durationMs: 800, drop: true })
        : p.lindo.addWorkflow({ kind: 'website', durationMs: 800, pollAfterMs: 10, hint: false });
    const sim = provider === 'warpweb' ? p.warpweb : p.lindo;
    for (const fault of TRANSIENT) sim.faults.inject(fault, { id });

    const { watch, events } = await follow(provider, id);
    expect(sim.faults.pending).toBe(0);
    expect(watch).toMatchObject({ state: 'done', status: 'complete', last_error: null });
    // Never a wrong event: only progress for this build and exactly one completion, last.
    expect(typesOf(events).filter((t) => t !== 'site.progress' && t !== 'site.queued')).toEqual(['site.complete']);
    expect(typesOf(events).at(-1)).toBe('site.complete');
    expect(watch.polls).toBeGreaterThanOrEqual(TRANSIENT.length + 1);
    const metrics = parseExposition(await (await p.relay.api('/metrics')).text());
    const polls = (outcome: string) =>
      sampleValue(metrics, 'sitewire_provider_polls_total', { provider, outcome }) ?? 0;
    expect(polls('rate_limited')).toBeGreaterThanOrEqual(1);
    expect(polls('transient')).toBeGreaterThanOrEqual(TRANSIENT.length - 1);
    expect(polls('ok')).toBeGreaterThanOrEqual(1);
  });

  it.each(['warpweb', 'lindo'] as const)(
    '%s: 401 -> watch error and a watch.error event, no further polls',
    async (provider) => {
      const id =
        provider === 'warpweb'
          ? p.warpweb.addSite({ durationMs: 60_000, drop: true })
          : p.lindo.addWorkflow({ kind: 'website', durationMs: 60_000, hint: false });
      const sim = provider === 'warpweb' ? p.warpweb : p.lindo;
      sim.faults.inject('401', { id });
      const { watch, events } = await follow(provider, id);
      expect(watch).toMatchObject({ state: 'error', next_poll_at: null, polls: 1 });
      expect(watch.last_error).toMatch(/^401: /);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'watch.error',
        data: {
          provider,
          kind: 'site',
          resource_id: id,
          observed_via: 'relay',
          error: { code: 'credentials_refused' },
          watch_id: watch.id,
        },
      });
      // A Warpweb site is its own site; a Lindo workflow's website is unknown until an answer names it.
      expect(events[0]!.data.site_id).toBe(provider === 'warpweb' ? id : null);
      // A hundred poll intervals later, still the one request.
      await p.advance(10_000);
      expect(sim.statusRequests(id)).toHaveLength(1);
    },
  );

  it.each(['warpweb', 'lindo'] as const)(
    '%s: 404 -> site.failed with error not_found, watch done',
    async (provider) => {
      const { watch, events } = await follow(provider, `missing-${provider}-1`);
      expect(watch).toMatchObject({ state: 'done', status: 'failed' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'site.failed',
        data: { status: 'failed', provider_status: 'not_found', error: { code: 'not_found' }, observed_via: 'poll' },
      });
      expect(events[0]!.data.site_id).toBe(provider === 'warpweb' ? `missing-${provider}-1` : null);
    },
  );
});
