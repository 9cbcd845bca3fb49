/**
 * What the Worker does with the suite's three resource shards: a subject's webhooks, state and watch
 * live on the one shard its hash picks (a Warpweb revision with its site); the watches API and
 * resource reads answer as from one relay; /metrics adds the objects up.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shardName } from '../../src/runtime/object-router';
import { stubOutbound } from './outbound';
import { warpwebSite } from './providers';
import { api, apiJson, postWarpweb, shardStub, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const SHARDS = Number(env.SITEWIRE_SHARDS);
const heldBy = (subject: string) =>
  Promise.all(
    Array.from({ length: SHARDS }, (_, i) =>
      runInDurableObject(env.SHARD.getByName(shardName(i)), ({ object }) => ({
        state: !!object.relay!.store.resources.get(subject),
        watch: !!object.relay!.store.watches.bySubject(subject),
      })),
    ),
  );

describe('routing over resource shards', () => {
  it("keeps a subject's webhooks, state and watch on its own shard only", async () => {
    stubOutbound();
    const sites = Array.from({ length: 6 }, (_, i) => `routed-${i}-${crypto.randomUUID().slice(0, 8)}`);
    for (const site of sites) expect((await postWarpweb(warpwebEnvelope('site.complete', site))).status).toBe(200);
    const owners = new Set<number>();
    for (const site of sites) {
      const subject = `warpweb/site/${site}`;
      const held = await heldBy(subject);
      expect(held.filter((h) => h.state)).toHaveLength(1);
      owners.add(held.findIndex((h) => h.state));
      const owner = await runInDurableObject(shardStub(subject), ({ object }) =>
        object.relay!.store.resources.get(subject),
      );
      expect(owner?.terminal).toBe(true);
    }
    // Six subjects over three shards: more than one shard holds some (the hash spreads them).
    expect(owners.size).toBeGreaterThan(1);
  });

  it('lists, reads and deletes watches held by different shards as one relay would', async () => {
    const outbound = stubOutbound();
    const sites = Array.from({ length: 7 }, (_, i) => `listed-${i}-${crypto.randomUUID().slice(0, 8)}`);
    for (const site of sites) warpwebSite(outbound, site, [0.2]);
    const created = [];
    for (const site of sites) {
      const res = await apiJson('/v1/watches', 'POST', { provider: 'warpweb', id: site, metadata: { site } });
      expect(res.status).toBe(201);
      created.push(res.body);
      const held = await heldBy(`warpweb/site/${site}`);
      expect(held.filter((h) => h.watch)).toHaveLength(1);
    }
    // Pages of 3 through every watch: each of ours once, all in id order, the cursor ends.
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await apiJson(`/v1/watches?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    const ids = seen.map((w) => w.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const w of created) expect(ids.filter((id) => id === w.id)).toHaveLength(1);

    const target = created[3];
    expect((await apiJson(`/v1/watches/${target.id}`)).body).toMatchObject({ id: target.id, resource_id: sites[3] });
    const resource = await apiJson(`/v1/resources/warpweb/site/${sites[3]}`);
    expect(resource.status).toBe(200);
    expect(resource.body.watch).toMatchObject({ id: target.id, metadata: { site: sites[3] } });
    expect((await api(`/v1/watches/${target.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await apiJson(`/v1/watches/${target.id}`)).status).toBe(404);
    expect((await apiJson('/v1/watches/wat_nowhere')).body).toMatchObject({ error: { code: 'not_found' } });
    expect((await apiJson('/v1/watches', 'POST', 'not json')).status).toBe(400);
    // Builds that never end would be polled for the rest of the suite's run.
    for (const w of created.filter((w) => w.id !== target.id)) {
      expect((await api(`/v1/watches/${w.id}`, { method: 'DELETE' })).status).toBe(204);
    }
  });

  it('answers a resource read with the log sequence and its shard watch, and /metrics for every object', async () => {
    const outbound = stubOutbound();
    const site = `metrics-${crypto.randomUUID().slice(0, 8)}`;
    warpwebSite(outbound, site, [0.3]);
    const watch = (await apiJson('/v1/watches', 'POST', { provider: 'warpweb', id: site })).body;
    const ack = await postWarpweb(warpwebEnvelope('site.complete', site));
    const [eventId] = ((await ack.json()) as { events: string[] }).events;
    const stored = (await apiJson(`/v1/events/${eventId}`)).body;
    const resource = (await apiJson(`/v1/resources/warpweb/site/${site}`)).body;
    expect(resource).toMatchObject({
      status: 'complete',
      terminal: true,
      last_event_id: eventId,
      last_sequence: stored.sequence,
      watch: { id: watch.id, state: 'done' },
    });

    const metrics = await (await api('/metrics')).text();
    const watches = (await apiJson('/v1/watches?limit=500')).body.data as any[];
    const counted = [...metrics.matchAll(/^sitewire_watches\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(watches.length);
    expect(metrics.match(/^# TYPE sitewire_watches /gm)).toHaveLength(1);
    // Each object's own rows, apart: the log's and every shard's.
    const objects = [...metrics.matchAll(/^sitewire_sqlite_rows_written_total\{object="([^"]+)"\} \d+$/gm)].map(
      (m) => m[1],
    );
    expect(objects.sort()).toEqual(['relay', ...Array.from({ length: SHARDS }, (_, i) => shardName(i))]);
  });
});
