import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/simulators/clock';
import { startLindoSim, type LindoSim } from '../src/simulators/lindo-sim';
import { startWarpwebSim, type WarpwebSim } from '../src/simulators/warpweb-sim';

// The simulators are test fixtures that stand in for the providers: they must follow docs/provider-notes.md.
const clock = manualClock();
let warpweb: WarpwebSim;
let lindo: LindoSim;
beforeAll(async () => {
  warpweb = await startWarpwebSim({ clock, autoPump: false });
  lindo = await startLindoSim({
    clock,
    autoPump: false,
    limits: [
      { limit: 5, windowMs: 60_000 },
      { limit: 8, windowMs: 3_600_000 },
    ],
  });
});
afterAll(async () => {
  await warpweb.close();
  await lindo.close();
});

const get = (base: string, path: string, key?: string) =>
  fetch(base + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('Warpweb simulator', () => {
  it('answers GET /v1/sites/:id through the phases to the outcome, with 401 and 404 like Warpweb', async () => {
    const id = warpweb.addSite({ durationMs: 100_000, outcome: 'complete_with_warnings' });
    const body = async () => (await get(warpweb.url, `/v1/sites/${id}`, warpweb.apiKey)).json();
    expect(await body()).toMatchObject({ id, status: 'generating', generation_phase: 'researching' });
    clock.advance(50_000);
    expect(await body()).toMatchObject({
      status: 'generating',
      generation_phase: 'generating',
      generation_message: 'Writing 5 pages',
    });
    clock.advance(50_000);
    const done = await body();
    expect(done).toMatchObject({
      status: 'complete_with_warnings',
      pause_state: 'active',
      warnings: [{ rule: 'hero-is-wedge-not-list' }],
    });
    expect(done.deployment_url).toMatch(/^https:\/\/.+\.warpweb\.app$/);
    expect(done).not.toHaveProperty('generation_phase');

    const bad = await get(warpweb.url, `/v1/sites/${id}`, 'wwk_wrong');
    expect([bad.status, await bad.json()]).toEqual([401, { error: 'Invalid or revoked API key' }]);
    const missing = await get(warpweb.url, '/v1/sites/nope', warpweb.apiKey);
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'Site not found' }]);
  });

  it('refuses the 31st request in a minute with 429 and Retry-After', async () => {
    clock.advance(120_000);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 31; i++) {
      const res = await get(warpweb.url, '/v1/sites/nope', warpweb.apiKey);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('Lindo simulator', () => {
  it('answers the kind endpoints, flat and nested, under each id name; 401 without a key, 403 with a bad one', async () => {
    clock.advance(3_600_000);
    const flat = lindo.addWorkflow({ kind: 'blog', durationMs: 10_000, idName: 'workflow_id' });
    const nested = lindo.addWorkflow({ kind: 'edit', durationMs: 10_000, shape: 'nested', idName: 'instance_id' });
    clock.advance(5_000);
    expect(await (await get(lindo.url, `/v1/ai/workspace/blog/status/${flat}`, lindo.apiKey)).json()).toEqual({
      success: true,
      done: false,
      status: 'running',
      workflow_id: flat,
      message: 'Working on your blog.',
      poll_after_ms: 2000,
    });
    expect(await (await get(lindo.url, `/v1/ai/workspace/website/edit/status/${nested}`, lindo.apiKey)).json()).toEqual(
      {
        success: true,
        result: {
          done: false,
          status: 'running',
          instance_id: nested,
          message: 'Working on your edit.',
          poll_after_ms: 2000,
        },
      },
    );
    expect((await get(lindo.url, `/v1/ai/workspace/page/status/${flat}`, lindo.apiKey)).status).toBe(404);
    expect((await get(lindo.url, `/v1/ai/workspace/blog/status/${flat}`)).status).toBe(401);
    expect((await get(lindo.url, `/v1/ai/workspace/blog/status/${flat}`, 'lindo_sk_wrong')).status).toBe(403);
  });

  it('limits per minute and per hour with 429, Retry-After and X-RateLimit-*', async () => {
    clock.advance(3_600_000);
    const id = lindo.addWorkflow({ kind: 'page', durationMs: 10_000 });
    const path = `/v1/ai/workspace/page/status/${id}`;
    const minute = [];
    for (let i = 0; i < 6; i++) minute.push(await get(lindo.url, path, lindo.apiKey));
    expect(minute.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(minute[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(minute[4]!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(minute[5]!.headers.get('retry-after'))).toBe(60);
    expect(Number(minute[5]!.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((clock.now() + 60_000) / 1000));
    clock.advance(60_000);
    const hour = [];
    for (let i = 0; i < 4; i++) hour.push((await get(lindo.url, path, lindo.apiKey)).status);
    expect(hour).toEqual([200, 200, 200, 429]);
  });
});
