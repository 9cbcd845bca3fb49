/**
 * Watches polled in workerd, driven only by the Durable Object's alarm: the
 * API creates a watch, and every poll after that is the alarm's doing.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shardOf } from '../../src/runtime/object-router';
import { stubOutbound } from './outbound';
import { lindoPage, lindoPageBatch, warpwebSite } from './providers';
import { apiJson, eventsOf } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

async function watch(body: Record<string, unknown>) {
  const created = await apiJson('/v1/watches', 'POST', body);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ state: 'active', polls: 0 });
  return created.body as { id: string };
}

const stateOf = async (id: string) => (await apiJson(`/v1/watches/${id}`)).body;
const untilDone = (id: string) =>
  expect.poll(async () => (await stateOf(id)).state, { timeout: 15_000, interval: 50 }).toBe('done');

describe('watches polled by the alarm in workerd', () => {
  it('follows a Warpweb build from generating to complete: one terminal site.complete, observed by poll', async () => {
    const outbound = stubOutbound();
    const id = crypto.randomUUID();
    const site = warpwebSite(outbound, id, [0.1, 0.5, 0.9, 1]);
    const w = await watch({ provider: 'warpweb', id });
    await untilDone(w.id);

    const events = await eventsOf(`warpweb/site/${id}`);
    expect(events.map((e) => [e.type, e.data.phase])).toEqual([
      ['site.progress', 'researching'],
      ['site.progress', 'generating'],
      ['site.progress', 'deploying'],
      ['site.complete', null],
    ]);
    expect(events.every((e) => e.data.observed_via === 'poll')).toBe(true);
    expect(events.at(-1).data).toMatchObject({
      status: 'complete',
      url: `https://${site.site.slug}.warpweb.app`,
      usage: { tokens_out: 5400 },
    });
    expect(site.polls()).toHaveLength(4);
    expect(await stateOf(w.id)).toMatchObject({ state: 'done', status: 'complete', polls: 4, next_poll_at: null });
  });

  it('follows a Lindo page workflow from scheduled through running to complete', async () => {
    const outbound = stubOutbound();
    const id = `rec_${crypto.randomUUID().slice(0, 12)}`;
    const page = lindoPage(outbound, id, [0.05, 0.5, 1]);
    const w = await watch({ provider: 'lindo', kind: 'page', id });
    await untilDone(w.id);

    const events = await eventsOf(`lindo/page/${id}`);
    expect(events.map((e) => [e.type, e.data.status, e.data.observed_via])).toEqual([
      ['page.queued', 'queued', 'poll'],
      ['page.progress', 'running', 'poll'],
      ['page.complete', 'complete', 'poll'],
    ]);
    expect(page.polls()).toHaveLength(3);
  });

  it('honours a 429 Retry-After before the next poll of that key, then reaches the end', async () => {
    const outbound = stubOutbound();
    const id = crypto.randomUUID();
    const limited = () =>
      Response.json(
        { error: 'rate_limited', message: 'Rate limit exceeded' },
        { status: 429, headers: { 'retry-after': '1' } },
      );
    const site = warpwebSite(outbound, id, [limited, 0.5, 1]);
    const w = await watch({ provider: 'warpweb', id });
    await untilDone(w.id);

    const [refused, next] = site.polls();
    expect(next!.at - refused!.at).toBeGreaterThanOrEqual(1000);
    expect((await eventsOf(`warpweb/site/${id}`)).map((e) => e.type)).toEqual(['site.progress', 'site.complete']);
    expect(site.polls()).toHaveLength(3);
  });

  it('polls several Lindo page workflows with batch calls and follows each to page.complete', async () => {
    const outbound = stubOutbound();
    // A batch asks about the watches of one shard (its alarm polls them), so these all live on one.
    const ids: string[] = [];
    while (ids.length < 4) {
      const id = `rec_${crypto.randomUUID().slice(0, 12)}`;
      if (shardOf(`lindo/page/${id}`, Number(env.SITEWIRE_SHARDS)) === 0) ids.push(id);
    }
    const flows = lindoPageBatch(outbound, ids, [0.05, 0.2, 0.4, 0.6, 0.8, 1]);
    const watches = [];
    for (const id of ids) watches.push(await watch({ provider: 'lindo', kind: 'page', id }));
    for (const w of watches) await untilDone(w.id);

    for (const id of ids) {
      const events = await eventsOf(`lindo/page/${id}`);
      expect(events.at(-1)).toMatchObject({
        type: 'page.complete',
        data: { status: 'complete', observed_via: 'poll' },
      });
      expect(events.filter((e) => e.type === 'page.complete')).toHaveLength(1);
    }
    // At least one call asked about several of them at once, and no call about more than 25.
    const batches = flows.batches();
    expect(batches.some((asked) => asked.filter((id) => ids.includes(id)).length >= 2)).toBe(true);
    expect(batches.every((asked) => asked.length <= 25)).toBe(true);
    // Each watch counts the requests that asked about it: GETs and batches alike.
    for (const [i, id] of ids.entries()) expect((await stateOf(watches[i]!.id)).polls).toBe(flows.answers(id));
  });
});
