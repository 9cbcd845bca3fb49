/**
 * Provider operational events (docs/events.md#operational-events), on the test's clock:
 * `provider.credentials_refused` once per API key until a poll with it is answered again,
 * `provider.webhooks_quiet` once per quiet spell, and neither in a default read.
 */
import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { useVirtualProviders } from './helpers/virtual-providers';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const p = useVirtualProviders();
const MIN = 60_000;

const events = async (query: string) =>
  (await (await p.relay.api(`/v1/events?limit=1000&${query}`)).json()).data as {
    type: string;
    subject: string;
    source: string;
    data: Record<string, unknown>;
  }[];

async function watch(id: string): Promise<void> {
  const res = await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'warpweb', id }) });
  expect(res.status).toBe(201);
}

const stateOf = async (id: string) => (await p.watchOf(`warpweb/site/${id}`))?.state;

describe('provider.credentials_refused', () => {
  it('is emitted once per key while polls are refused, and again after the key was answered', async () => {
    const refused = [0, 1].map(() => p.warpweb.addSite({ durationMs: 60 * MIN, drop: true }));
    for (const id of refused) {
      p.warpweb.faults.inject('401', { id });
      await watch(id);
    }
    await p.advance(
      5000,
      async () => (await stateOf(refused[1]!)) === 'error' && (await stateOf(refused[0]!)) === 'error',
    );
    const first = await events('types=provider.credentials_refused');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      type: 'provider.credentials_refused',
      subject: 'sitewire/provider/warpweb',
      source: 'sitewire/relay',
      data: { provider: 'warpweb', status_code: 401 },
    });

    // The same key is answered again, then refused again: a new refusal to report.
    const fine = p.warpweb.addSite({ durationMs: 60 * MIN, drop: true });
    await watch(fine);
    await p.advance(5000, async () => ((await p.watchOf(`warpweb/site/${fine}`))?.polls ?? 0) >= 1);
    const again = p.warpweb.addSite({ durationMs: 60 * MIN, drop: true });
    p.warpweb.faults.inject('401', { id: again });
    await watch(again);
    await p.advance(5000, async () => (await stateOf(again)) === 'error');
    expect(await events('types=provider.credentials_refused')).toHaveLength(2);
  });
});

describe('provider.webhooks_quiet', () => {
  it('is emitted once per spell of polls seeing changes with no webhook for 10 minutes', async () => {
    const id = p.warpweb.addSite({ durationMs: 60 * MIN, drop: true });
    await watch(id);
    const quiet = () => events('types=provider.webhooks_quiet');
    await p.advance(1000);
    // Ten minutes of watching: the next change a poll sees, and no webhook in that time.
    p.clock.advance(13 * MIN); // research_review
    await p.advance(2000);
    const first = await quiet();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      subject: 'sitewire/provider/warpweb',
      data: { provider: 'warpweb', last_webhook_at: null },
    });
    expect(first[0]!.data.active_watches).toBeGreaterThanOrEqual(1);

    // The same spell: more changes, no second event.
    p.clock.advance(6 * MIN); // generating
    await p.advance(2000);
    expect(await quiet()).toHaveLength(1);

    // A webhook arrives, then ten more quiet minutes with changes: a new spell.
    const webhookAt = p.clock.now();
    const ts = Math.floor(webhookAt / 1000);
    const res = await postWarpweb(p.relay.url, warpwebEnvelope('form.submit', 'elsewhere', { name: 'A' }), {
      timestamp: ts,
    });
    expect(res.status).toBe(200);
    p.clock.advance(25 * MIN); // reviewing
    await p.advance(2000);
    const both = await quiet();
    expect(both).toHaveLength(2);
    expect(both[1]!.data.last_webhook_at).toBe(new Date(webhookAt).toISOString());
  });
});

describe('provider events in default reads', () => {
  it('are left out without a types filter naming them', async () => {
    const all = await events('providers=warpweb');
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((e) => e.type.startsWith('provider.'))).toEqual([]);
    expect((await events('types=provider.*')).length).toBe(4);
  });
});

describe('poll durations', () => {
  it('count each status request once, a Lindo batch as one', async () => {
    const ids = [0, 1, 2].map(() => p.lindo.addWorkflow({ kind: 'website', durationMs: 3000, hint: false }));
    for (const id of ids) {
      const body = JSON.stringify({ provider: 'lindo', id, kind: 'site' });
      expect((await p.relay.api('/v1/watches', { method: 'POST', body })).status).toBe(201);
    }
    const done = async () => {
      for (const id of ids) if ((await p.watchOf(`lindo/site/${id}`))?.state !== 'done') return false;
      return true;
    };
    expect(await p.advance(MIN, done)).toBe(true);
    const m = parseExposition(await (await p.relay.api('/metrics')).text());
    const requests = p.lindo.statusRequests().length;
    expect(p.lindo.batchRequests().length).toBeGreaterThan(0);
    expect(sampleValue(m, 'sitewire_provider_poll_duration_seconds_count', { provider: 'lindo' })).toBe(requests);
  });
});
