import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/simulators/clock';
import { startLindoSim, type LindoSim } from '../src/simulators/lindo-sim';

// The Lindo simulator's batch endpoint must follow docs/provider-notes.md#batch-polling.
const clock = manualClock();
let lindo: LindoSim;
let nested: LindoSim;
beforeAll(async () => {
  const limits = [
    { limit: 5, windowMs: 60_000 },
    { limit: 1000, windowMs: 3_600_000 },
  ];
  lindo = await startLindoSim({ clock, autoPump: false, limits });
  nested = await startLindoSim({ clock, autoPump: false, limits, batchShape: 'nested' });
});
afterAll(async () => {
  await lindo.close();
  await nested.close();
});

const batch = (sim: LindoSim, kind: string, body: unknown, key: string | null = sim.apiKey) =>
  fetch(`${sim.url}/v1/ai/workspace/${kind}/status/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
const get = (sim: LindoSim, path: string) =>
  fetch(sim.url + path, { headers: { authorization: `Bearer ${sim.apiKey}` } });

describe('Lindo simulator: batch status', () => {
  it('1-25 ids: each item the workflow’s own answer, unknown ids not_found, summary, done, poll_after_ms', async () => {
    const running = lindo.addWorkflow({ kind: 'website', durationMs: 100_000, pollAfterMs: 3000, shape: 'nested' });
    const slower = lindo.addWorkflow({
      kind: 'website',
      durationMs: 100_000,
      pollAfterMs: 5000,
      idName: 'workflow_id',
    });
    const partial = lindo.addWorkflow({ kind: 'website', durationMs: 1000, outcome: 'partial', pages: 2 });
    const page = lindo.addWorkflow({ kind: 'page', durationMs: 1000 });
    clock.advance(50_000);
    const res = await batch(lindo, 'website', { record_ids: [running, slower, partial, 'rec_nope', page] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      success: true,
      done: false,
      status: 'running',
      message: '3 of 5 workflows finished.',
      summary: { total: 5, complete: 0, running: 2, partial: 1, errored: 0, not_found: 2 },
      poll_after_ms: 3000,
    });
    const single = async (id: string) => {
      const { success: _, ...rest } = await (await get(lindo, `/v1/ai/workspace/website/status/${id}`)).json();
      return rest;
    };
    expect(body.items).toEqual([
      await single(running),
      await single(slower),
      await single(partial),
      { record_id: 'rec_nope', done: true, status: 'not_found', message: 'Workflow not found' },
      // A workflow of another kind is not found at this kind's endpoint, as with the GET.
      { record_id: page, done: true, status: 'not_found', message: 'Workflow not found' },
    ]);
    expect(body.items[0]).toMatchObject({ result: { record_id: running, status: 'running' } });
    expect(body.items[1]).toMatchObject({ workflow_id: slower, status: 'running' });
    expect(lindo.batches.at(-1)).toEqual({
      at: clock.now(),
      kind: 'website',
      ids: [running, slower, partial, 'rec_nope', page],
    });

    clock.advance(60_000);
    const done = await (await batch(lindo, 'website', { workflow_ids: [running, partial] })).json();
    expect(done).toMatchObject({ done: true, status: 'complete', summary: { complete: 1, partial: 1, running: 0 } });
    expect(done).not.toHaveProperty('poll_after_ms');
  });

  it('400 for none, more than 25 or no id list; 401/403 like the GETs', async () => {
    clock.advance(60_000);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `rec_${i}`);
    expect((await batch(lindo, 'page', { record_ids: [] })).status).toBe(400);
    expect((await batch(lindo, 'page', { record_ids: ids(26) })).status).toBe(400);
    expect((await batch(lindo, 'page', { ids: ids(2) })).status).toBe(400);
    expect((await batch(lindo, 'page', { record_ids: ids(25) })).status).toBe(200);
    expect((await batch(lindo, 'page', { record_ids: ids(1) }, null)).status).toBe(401);
    expect((await batch(lindo, 'page', { record_ids: ids(1) }, 'lindo_sk_wrong')).status).toBe(403);
    // Edits have no batch endpoint.
    expect((await batch(lindo, 'website/edit', { record_ids: ids(1) })).status).toBe(404);
  });

  it('a batch is one request of the key’s budget, shared with the GETs', async () => {
    clock.advance(60_000);
    const id = lindo.addWorkflow({ kind: 'page', durationMs: 10_000 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await batch(lindo, 'page', { record_ids: [id, 'rec_x'] })).status);
    for (let i = 0; i < 3; i++) statuses.push((await get(lindo, `/v1/ai/workspace/page/status/${id}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await batch(lindo, 'page', { record_ids: [id] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('faults: 404 as an API without the endpoint, injected 429 and 5xx for batches only; an item left out', async () => {
    clock.advance(60_000);
    const id = lindo.addWorkflow({ kind: 'blog', durationMs: 100_000 });
    lindo.faults.inject('500', { id: 'batch' });
    lindo.faults.inject('429', { id: 'batch' });
    expect((await get(lindo, `/v1/ai/workspace/blog/status/${id}`)).status).toBe(200);
    expect((await batch(lindo, 'blog', { record_ids: [id] })).status).toBe(500);
    expect((await batch(lindo, 'blog', { record_ids: [id] })).status).toBe(429);
    lindo.omitFromBatch(id);
    expect((await (await batch(lindo, 'blog', { record_ids: [id, 'rec_y'] })).json()).items).toEqual([
      expect.objectContaining({ record_id: 'rec_y', status: 'not_found' }),
    ]);
    expect((await (await batch(lindo, 'blog', { record_ids: [id] })).json()).items).toHaveLength(1);
    lindo.setBatchSupported(false);
    clock.advance(60_000);
    const old = await batch(lindo, 'blog', { record_ids: [id] });
    expect([old.status, await old.json()]).toEqual([
      404,
      { error: { code: 'not_found', message: 'Workflow not found' } },
    ]);
    lindo.setBatchSupported(true);
  });

  it('the whole answer nested under result when the simulator is set so', async () => {
    const id = nested.addWorkflow({ kind: 'page', durationMs: 10_000, pollAfterMs: 1500 });
    clock.advance(5000);
    const body = await (await batch(nested, 'page', { record_ids: [id] })).json();
    expect(body).toMatchObject({
      success: true,
      result: { done: false, poll_after_ms: 1500, items: [{ record_id: id, status: 'running' }] },
    });
    expect(body).not.toHaveProperty('items');
  });
});
