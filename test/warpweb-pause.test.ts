/** Free-tier pause tracking of watched Warpweb sites: pause_due once, paused, resumed by a refresh. */
import { describe, expect, it } from 'vitest';
import { useVirtualProviders } from './helpers/virtual-providers';
import { builtSite, watchAction } from './helpers/warpweb-sites';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const p = useVirtualProviders({ SITEWIRE_PAUSE_CHECK_S: '3600' });

/** Jumps the shared clock (days pass in one step), then lets the relay run what came due. */
async function jump(ms: number) {
  p.clock.advance(ms);
  await p.advance(500);
}

const pauseEvents = async (siteId: string) =>
  (await p.eventsOf(`warpweb/site/${siteId}`)).filter((e) => /^site\.(pause_due|paused|resumed)$/.test(e.type));

describe('a finished free-tier Warpweb site that is watched', () => {
  it('gets site.pause_due once a day ahead, site.paused at 7 days, and site.resumed after a refresh', async () => {
    const { id, watch } = await builtSite(p, { durationMs: 1000, drop: true });
    const refreshedAt = p.warpweb.site(id)!.startAt + 1000; // went live after its 1 s build
    const pauseAt = new Date(refreshedAt + 7 * DAY).toISOString();
    // The completing poll carried the pause facts: no extra request was needed to know them.
    expect(watch).toMatchObject({ state: 'done', pause_state: 'active', pause_at: pauseAt });
    const polls = p.warpweb.statusRequests(id).length;

    await jump(5 * DAY);
    expect(await pauseEvents(id)).toEqual([]);
    // Checked at the low rate only: once per SITEWIRE_PAUSE_CHECK_S at most.
    expect(p.warpweb.statusRequests(id).length - polls).toBeLessThanOrEqual(2);

    await jump(DAY + HOUR);
    await jump(2 * HOUR);
    const due = await pauseEvents(id);
    expect(due.map((e) => e.type)).toEqual(['site.pause_due']);
    expect(due[0]!.data).toMatchObject({
      kind: 'site',
      resource_id: id,
      pause_state: 'active',
      pause_at: pauseAt,
      last_refreshed_at: new Date(refreshedAt).toISOString(),
      observed_via: 'relay',
    });

    await jump(DAY);
    expect((await pauseEvents(id)).map((e) => e.type)).toEqual(['site.pause_due', 'site.paused']);
    expect(await p.watchOf(`warpweb/site/${id}`)).toMatchObject({ state: 'done', pause_state: 'paused' });

    const res = await watchAction(p, watch.id, 'refresh');
    expect(res.status).toBe(200);
    const refreshedNow = p.clock.now();
    expect(await res.json()).toMatchObject({
      id: watch.id,
      pause_state: 'active',
      pause_at: new Date(refreshedNow + 7 * DAY).toISOString(),
    });
    expect(p.warpweb.actions.filter((a) => a.siteId === id)).toEqual([
      expect.objectContaining({ action: 'refresh', status: 200, at: refreshedNow }),
    ]);
    const events = await pauseEvents(id);
    expect(events.map((e) => e.type)).toEqual(['site.pause_due', 'site.paused', 'site.resumed']);
    expect(events[2]!.data).toMatchObject({ pause_state: 'active', observed_via: 'poll' });

    // Nothing more until the new window nears its end.
    await jump(HOUR);
    await jump(HOUR);
    expect(await pauseEvents(id)).toHaveLength(3);
  });

  it('learns the pause state by one check soon after a site.complete webhook', async () => {
    const { id, watch } = await builtSite(p, { durationMs: 1000 });
    expect(watch.pause_state).toBeUndefined();
    const before = p.warpweb.statusRequests(id).length;
    await p.advance(61_000);
    expect(p.warpweb.statusRequests(id).length).toBe(before + 1);
    expect(await p.watchOf(`warpweb/site/${id}`)).toMatchObject({ state: 'done', pause_state: 'active' });
  });

  it('reports a site that was already paused when first checked, and leaves paid sites alone', async () => {
    const paused = await builtSite(p, { durationMs: 1000, drop: true, refreshedAt: p.clock.now() - 8 * DAY });
    await jump(1000);
    expect((await p.watchOf(`warpweb/site/${paused.id}`))?.pause_state).toBe('paused');
    expect((await pauseEvents(paused.id)).map((e) => e.type)).toEqual(['site.paused']);

    const paid = await builtSite(p, { durationMs: 1000, drop: true, tier: 'paid_custom_domain' });
    const before = p.warpweb.statusRequests(paid.id).length;
    await jump(8 * DAY);
    expect(p.warpweb.statusRequests(paid.id)).toHaveLength(before);
    expect((await p.watchOf(`warpweb/site/${paid.id}`))?.pause_state).toBeUndefined();
  });

  it('refuses to refresh what is not a live Warpweb site, in the error shape', async () => {
    const lindoId = p.lindo.addWorkflow({ kind: 'website', durationMs: 1000 });
    const lindo = await (
      await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'lindo', id: lindoId }) })
    ).json();
    const failed = await builtSite(p, { durationMs: 1000, outcome: 'failed', drop: true });
    for (const [id, status, code] of [
      [lindo.id, 409, 'not_refreshable'],
      [failed.watch.id, 409, 'not_refreshable'],
      ['wat_missing', 404, 'not_found'],
    ] as const) {
      const res = await watchAction(p, id, 'refresh');
      expect([res.status, (await res.json()).error.code]).toEqual([status, code]);
    }
  });
});
