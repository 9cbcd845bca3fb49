/**
 * Lindo watches polled through the batch status endpoint, on a driven clock against the simulator
 * with Lindo's real limits (100/min, 1000/h): many watches per request, each applied as its own GET
 * would be, within the budget in every window; the fallback to single GETs where there is no batch
 * endpoint is in poll-lindo-batch-faults.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LindoKind, WorkflowScript } from '../src/simulators/lindo-builds';
import { maxInWindow } from './helpers/max-in-window';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { typesOf } from './helpers/providers';
import { startVirtualProviders, type VirtualProviders } from './helpers/virtual-providers';

const MINUTE = 60_000;
const LINDO_LIMITS = [
  { limit: 100, windowMs: MINUTE },
  { limit: 1000, windowMs: 3_600_000 },
];
const KIND_OF: Record<LindoKind, string> = { website: 'site', page: 'page', blog: 'blog', edit: 'revision' };

let p: VirtualProviders;
beforeAll(async () => {
  p = await startVirtualProviders(
    // Default intervals and the documented budget: only batching lets one key follow 60 builds at 3 s.
    { SITEWIRE_POLL_INTERVAL_MS: '3000', SITEWIRE_POLL_SAFETY_MS: '30000', LINDO_RATE_LIMIT: '100/1m,1000/1h' },
    { lindo: { limits: LINDO_LIMITS } },
  );
});
afterAll(() => p?.close());

async function watch(kind: LindoKind, script: Omit<WorkflowScript, 'kind'>) {
  const id = p.lindo.addWorkflow({ kind, hint: false, ...script });
  const body = JSON.stringify({ provider: 'lindo', id, kind: KIND_OF[kind], deadline_s: 3600 });
  expect((await p.relay.api('/v1/watches', { method: 'POST', body })).status).toBe(201);
  return { id, kind, subject: `lindo/${KIND_OF[kind]}/${id}` };
}

const activeWatches = () => p.relay.services.store.watches.countByState().active;

describe('Lindo batch polling', () => {
  it('60 builds (websites, pages, blogs): batches of at most 25 of one kind, every build ends, no 60 s window over 100', async () => {
    const t0 = p.clock.now();
    const builds = [];
    for (let i = 0; i < 60; i++) {
      const kind: LindoKind = i % 3 === 0 ? 'website' : i % 3 === 1 ? 'page' : 'blog';
      const outcome = i % 10 === 9 ? 'errored' : kind === 'website' && i % 4 === 0 ? 'partial' : 'complete';
      const shape = i % 2 ? 'nested' : 'flat';
      const idName = (['record_id', 'workflow_id', 'instance_id'] as const)[i % 3];
      builds.push(await watch(kind, { durationMs: MINUTE + (i % 7) * 20_000, outcome, shape, idName }));
    }
    expect(await p.advance(15 * MINUTE, () => activeWatches() === 0)).toBe(true);

    for (const b of builds) {
      const w = await p.watchOf(b.subject);
      const flow = p.lindo.workflow(b.id)!;
      expect(w).toMatchObject({ state: 'done', last_error: null });
      const events = await p.eventsOf(b.subject);
      const end = flow.outcome === 'errored' ? 'failed' : 'complete';
      expect(typesOf(events).filter((t) => /\.(complete|failed)$/.test(t))).toEqual([`${KIND_OF[b.kind]}.${end}`]);
      expect(events.at(-1)!.data).toMatchObject({ observed_via: 'poll', provider_status: flow.outcome });
    }

    const requests = p.lindo.statusRequests().filter((r) => r.at >= t0);
    expect(requests.filter((r) => r.status !== 200)).toEqual([]);
    expect(
      maxInWindow(
        requests.map((r) => r.at),
        MINUTE,
      ),
    ).toBeLessThanOrEqual(100);
    const batches = p.lindo.batches.filter((b) => b.at >= t0);
    expect(p.lindo.batchRequests().filter((r) => r.at >= t0)).toHaveLength(batches.length);
    expect(batches.every((b) => b.ids.length >= 2 && b.ids.length <= 25)).toBe(true);
    for (const b of batches) {
      const kinds = new Set(b.ids.map((id) => p.lindo.workflow(id)!.kind));
      expect([...kinds]).toEqual([b.kind]);
    }
    // One request asks about many builds: the builds were polled far more often than requests were made.
    const singles = requests.length - batches.length;
    const itemPolls = batches.reduce((n, b) => n + b.ids.length, 0) + singles;
    expect(itemPolls).toBeGreaterThanOrEqual(8 * requests.length);
    // Each watch counts the requests that asked about it; /metrics counts each request once.
    const list = (await (await p.relay.api('/v1/watches?limit=500')).json()).data as { polls: number }[];
    expect(list.reduce((n, w) => n + w.polls, 0)).toBe(itemPolls);
    const metrics = parseExposition(await (await p.relay.api('/metrics')).text());
    const ok = sampleValue(metrics, 'sitewire_provider_polls_total', { provider: 'lindo', outcome: 'ok' });
    expect(ok).toBe(p.lindo.statusRequests().filter((r) => r.status === 200).length);
  });

  it('unknown ids in a batch are not_found items: <kind>.failed with not_found, the others go on', async () => {
    const real = [await watch('page', { durationMs: 20_000 }), await watch('page', { durationMs: 20_000 })];
    const missing = ['rec_missing000001', 'rec_missing000002'];
    for (const id of missing) {
      const body = JSON.stringify({ provider: 'lindo', id, kind: 'page' });
      expect((await p.relay.api('/v1/watches', { method: 'POST', body })).status).toBe(201);
    }
    const t0 = p.clock.now();
    expect(await p.advance(5 * MINUTE, () => activeWatches() === 0)).toBe(true);

    for (const id of missing) {
      expect(await p.watchOf(`lindo/page/${id}`)).toMatchObject({ state: 'done', status: 'failed', polls: 1 });
      const events = await p.eventsOf(`lindo/page/${id}`);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'page.failed',
        data: { status: 'failed', provider_status: 'not_found', error: { code: 'not_found' }, observed_via: 'poll' },
      });
    }
    for (const b of real) expect(typesOf(await p.eventsOf(b.subject)).at(-1)).toBe('page.complete');
    // All four went in the same first batch; nothing was asked one by one.
    const first = p.lindo.batches.find((b) => b.at >= t0)!;
    expect(new Set(first.ids)).toEqual(new Set([...real.map((b) => b.id), ...missing]));
    expect(p.lindo.statusRequests().filter((r) => r.at >= t0 && r.method === 'GET')).toEqual([]);
  });

  it('an item the answer leaves out stays due and goes in the next round; it is never lost', async () => {
    const [a, b, c] = [
      await watch('blog', { durationMs: 30_000 }),
      await watch('blog', { durationMs: 30_000 }),
      await watch('blog', { durationMs: 30_000 }),
    ];
    p.lindo.omitFromBatch(a!.id, 2);
    const t0 = p.clock.now();
    const asked = () => p.lindo.batches.filter((x) => x.at >= t0);
    await p.advance(MINUTE, () => asked().length >= 1);
    // Left out of the first answer: not polled, still due; the others answered.
    expect(await p.watchOf(a!.subject)).toMatchObject({ state: 'active', polls: 0, status: null });
    expect(await p.watchOf(b!.subject)).toMatchObject({ polls: 1, status: 'queued' });
    expect(await p.advance(5 * MINUTE, () => activeWatches() === 0)).toBe(true);
    for (const x of [a!, b!, c!]) expect(typesOf(await p.eventsOf(x.subject)).at(-1)).toBe('blog.complete');
    // Asked again at once (the next round), and answered from the third batch on.
    const withA = asked().filter((x) => x.ids.includes(a!.id));
    expect(withA.length).toBeGreaterThanOrEqual(3);
    expect(withA[1]!.at).toBe(asked()[1]!.at);
  });

  it('edit workflows are always polled with their own GET', async () => {
    const edits = [await watch('edit', { durationMs: 10_000 }), await watch('edit', { durationMs: 10_000 })];
    const t0 = p.clock.now();
    expect(await p.advance(2 * MINUTE, () => activeWatches() === 0)).toBe(true);
    for (const e of edits) {
      expect(typesOf(await p.eventsOf(e.subject)).at(-1)).toBe('revision.complete');
      expect(p.lindo.statusRequests(e.id).filter((r) => r.at >= t0).length).toBeGreaterThanOrEqual(2);
    }
    expect(p.lindo.batches.filter((b) => b.at >= t0)).toEqual([]);
  });
});
