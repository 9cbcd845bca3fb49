/**
 * One Warpweb key's budget, held by the key's object and shared by three resource shards, in real
 * workerd: 200 watches spread over the shards, each always due, and the (stubbed, counting) status
 * API never sees more than the key's limit in any window; a 429 stops every shard until the reset.
 *
 * The rule is Warpweb's 30 requests per window, with the window a tenth of the real minute (6 s):
 * the budget's pacing scales with the window (one request per window / 26 at the 90 % headroom), so
 * the same property is shown over two and a half windows in about 15 s instead of over 65 s. The
 * shards and the key object get that rule, and a key of this file's own, through an object env of
 * the test's own: each is reached by name as in production, its parts built from that env in place
 * of the suite's (whose 6000/1m lets the other files poll freely).
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pollerName, shardOf } from '../../src/runtime/object-router';
import { createPollerObject } from '../../src/runtime/poller-object';
import { createShardObject, type ShardEnv } from '../../src/runtime/shard-object';
import { siteBody, type SimSite } from '../../src/simulators/warpweb-builds';
import { type OutboundCall, stubOutbound } from './outbound';
import { WARPWEB_API } from './providers';
import { BASE } from './relay';

const LIMIT = 30;
const WINDOW_MS = 6_000;
const SHARDS = 3;

afterEach(() => {
  vi.restoreAllMocks();
});

/** The key's object and three shards, built from an env with this key and the test's rule. */
async function keyAndShards(tag: string) {
  const key = `wwk_key_budget_${tag}_${crypto.randomUUID().replaceAll('-', '')}`;
  const objectEnv = { ...env, WARPWEB_API_KEY: key, WARPWEB_RATE_LIMIT: `${LIMIT}/${WINDOW_MS / 1000}s` };
  const replace = (instance: unknown, object: unknown) => {
    (instance as { object: unknown }).object = object;
  };
  await runInDurableObject(env.POLLER.getByName(await pollerName('warpweb', key)), (instance, state) =>
    replace(instance, createPollerObject(state, objectEnv)),
  );
  const shards = Array.from({ length: SHARDS }, (_, i) => env.SHARD.getByName(`key-budget-${tag}-${i}`));
  for (const [i, shard] of shards.entries()) {
    await runInDurableObject(shard, (instance, state) =>
      replace(instance, createShardObject(state, objectEnv as ShardEnv, `key-budget-${tag}-${i}`)),
    );
  }
  const call = (i: number, path: string, init: RequestInit = {}) =>
    shards[i]!.fetch(
      new Request(BASE + path, {
        ...init,
        headers: { authorization: `Bearer ${env.SITEWIRE_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      }),
    );
  return { key, call };
}

/** Warpweb sites that stay `generating`, answered only for this key; each answer names the shard that asked. */
function generatingSites(key: string, shardOfSite: Map<string, number>) {
  const outbound = stubOutbound();
  const polls: (OutboundCall & { shard: number })[] = [];
  let answer: (n: number) => Response | undefined = () => undefined;
  outbound.route((req, call) => {
    const id = req.url.startsWith(`${WARPWEB_API}/v1/sites/`) ? req.url.split('/').pop()! : '';
    if (!shardOfSite.has(id) || req.headers.get('authorization') !== `Bearer ${key}`) return undefined;
    polls.push({ ...call, shard: shardOfSite.get(id)! });
    const startAt = Date.now() - 60_000;
    const site: SimSite = {
      id,
      slug: `kb-${id.slice(0, 8)}`,
      businessName: 'Brookside',
      durationMs: 600_000,
      outcome: 'complete',
      startAt,
      drop: false,
    };
    return answer(polls.length) ?? Response.json(siteBody(site, startAt + 60_000));
  });
  return { polls, answerWith: (fn: (n: number) => Response | undefined) => void (answer = fn) };
}

/** `count` watches of the key, each created on the shard its subject hashes to. */
async function watchSites(call: (i: number, path: string, init?: RequestInit) => Promise<Response>, count: number) {
  const shardOfSite = new Map<string, number>();
  const watches: [number, string][] = [];
  for (let n = 0; n < count; n++) {
    const id = crypto.randomUUID();
    const shard = shardOf(`warpweb/site/${id}`, SHARDS);
    shardOfSite.set(id, shard);
    const res = await call(shard, '/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'warpweb', id }) });
    expect(res.status).toBe(201);
    watches.push([shard, ((await res.json()) as { id: string }).id]);
  }
  const stop = async () => {
    for (const [shard, id] of watches)
      expect((await call(shard, `/v1/watches/${id}`, { method: 'DELETE' })).status).toBe(204);
  };
  return { shardOfSite, stop };
}

describe('one Warpweb key polled from three shards', () => {
  it('never exceeds the key’s limit in any window, however many watches are due', { timeout: 120_000 }, async () => {
    const { key, call } = await keyAndShards('limit');
    const sites = new Map<string, number>();
    const api = generatingSites(key, sites);
    const { shardOfSite, stop } = await watchSites(call, 200);
    for (const [id, shard] of shardOfSite) sites.set(id, shard);
    expect(new Set(shardOfSite.values()).size).toBe(SHARDS);
    try {
      const span = () => (api.polls.length ? api.polls.at(-1)!.at - api.polls[0]!.at : 0);
      await expect.poll(span, { timeout: 90_000, interval: 200 }).toBeGreaterThanOrEqual(2.5 * WINDOW_MS);
    } finally {
      await stop();
    }
    const at = api.polls.map((p) => p.at);
    const busiest = Math.max(...at.map((t) => at.filter((x) => x >= t && x < t + WINDOW_MS).length));
    expect(busiest).toBeLessThanOrEqual(LIMIT);
    // The limit was what held the polls back: more polls than one window allows, from every shard.
    expect(at.length).toBeGreaterThan(LIMIT);
    expect(new Set(api.polls.map((p) => p.shard))).toEqual(new Set([0, 1, 2]));
  });

  it('after a 429 answered to one shard, no shard polls the key until the provider’s reset', {
    timeout: 60_000,
  }, async () => {
    const { key, call } = await keyAndShards('429');
    const sites = new Map<string, number>();
    const api = generatingSites(key, sites);
    const limited = 6;
    api.answerWith((n) =>
      n === limited
        ? Response.json(
            { error: 'rate_limited', message: 'Slow down' },
            { status: 429, headers: { 'retry-after': '2' } },
          )
        : undefined,
    );
    const { shardOfSite, stop } = await watchSites(call, 30);
    for (const [id, shard] of shardOfSite) sites.set(id, shard);
    expect(new Set(shardOfSite.values()).size).toBe(SHARDS);
    try {
      await expect.poll(() => api.polls.length, { timeout: 40_000, interval: 100 }).toBeGreaterThanOrEqual(limited + 3);
    } finally {
      await stop();
    }
    const refused = api.polls[limited - 1]!;
    const after = api.polls.slice(limited);
    // Every shard had watches due all along; none asked the key's API before the reset.
    expect(after.filter((p) => p.at < refused.at + 2_000)).toEqual([]);
    expect(after.length).toBeGreaterThanOrEqual(3);
  });
});
