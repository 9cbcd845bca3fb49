/**
 * Lindo batch polling when things go wrong: an API without the batch endpoint (404) is polled with
 * single GETs, remembered for an hour and then asked again; a 429 on a batch slows the whole key
 * once; a 5xx is retried as a batch; refused credentials end every watch the batch asked about.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualProviders } from './helpers/virtual-providers';
import { typesOf } from './helpers/providers';
import { startVirtualProviders } from './helpers/virtual-providers';

const MINUTE = 60_000;
let p: VirtualProviders;
beforeAll(async () => {
  // The batch answers come nested under `result` here; the other batch tests read them flat.
  p = await startVirtualProviders({}, { lindo: { batchShape: 'nested' } });
});
afterAll(() => p?.close());

async function watches(n: number, durationMs = 2000) {
  const out: { id: string; subject: string }[] = [];
  for (let i = 0; i < n; i++) {
    const id = p.lindo.addWorkflow({ kind: 'page', durationMs, pollAfterMs: 10, hint: false });
    const body = JSON.stringify({ provider: 'lindo', id, kind: 'page' });
    expect((await p.relay.api('/v1/watches', { method: 'POST', body })).status).toBe(201);
    out.push({ id, subject: `lindo/page/${id}` });
  }
  return out;
}
const active = () => p.relay.services.store.watches.countByState().active;
const since = (t: number) => p.lindo.statusRequests().filter((r) => r.at >= t);

describe('Lindo batch polling: fallback and faults', () => {
  it('404 from the batch endpoint: single GETs for an hour, then the batch is tried again', async () => {
    p.lindo.setBatchSupported(false);
    const t0 = p.clock.now();
    const first = await watches(4);
    expect(await p.advance(MINUTE, () => active() === 0)).toBe(true);
    for (const w of first) expect(typesOf(await p.eventsOf(w.subject)).at(-1)).toBe('page.complete');
    const asked = since(t0);
    expect(asked.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([404]);
    expect(asked[0]).toMatchObject({ method: 'POST', status: 404 });
    expect(asked.slice(1).every((r) => r.method === 'GET' && r.status === 200)).toBe(true);
    for (const w of first) expect(p.lindo.statusRequests(w.id).length).toBeGreaterThanOrEqual(2);

    // Still within the hour: remembered (across the watches), even with the endpoint back.
    p.lindo.setBatchSupported(true);
    const t1 = p.clock.now();
    await watches(3);
    expect(await p.advance(MINUTE, () => active() === 0)).toBe(true);
    expect(since(t1).filter((r) => r.method === 'POST')).toEqual([]);

    // An hour later the batch endpoint is asked again, and used.
    p.clock.advance(60 * MINUTE);
    const t2 = p.clock.now();
    const later = await watches(3);
    expect(await p.advance(MINUTE, () => active() === 0)).toBe(true);
    for (const w of later) expect(typesOf(await p.eventsOf(w.subject)).at(-1)).toBe('page.complete');
    const posts = since(t2).filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((r) => r.status === 200)).toBe(true);
    // Batched together, they stay together: not one of them asked about alone.
    expect(since(t2).filter((r) => r.method === 'GET')).toEqual([]);
  });

  it('a 5xx is retried as a batch; a 429 blocks and slows the key once; every build still ends once', async () => {
    const builds = await watches(5, 4000);
    const t0 = p.clock.now();
    p.lindo.faults.inject('500', { id: 'batch' });
    // The retry waits in real time while the test clock runs on: give it a minute of the test clock.
    expect(await p.advance(MINUTE, () => since(t0).length >= 2)).toBe(true);
    const [failed, retried] = since(t0);
    expect([failed!.status, retried!.status]).toEqual([500, 200]);
    expect(retried!.method).toBe('POST');
    expect(
      p.lindo.batches
        .filter((b) => b.at >= t0)
        .slice(0, 2)
        .map((b) => b.ids.length),
    ).toEqual([5, 5]);

    p.lindo.faults.inject('429', { id: 'batch' }); // Retry-After: 1 s
    expect(await p.advance(MINUTE, () => active() === 0)).toBe(true);
    const after = since(t0);
    const limited = after.findIndex((r) => r.status === 429);
    expect(after.filter((r) => r.status === 429)).toHaveLength(1);
    expect(after[limited + 1]!.at - after[limited]!.at).toBeGreaterThanOrEqual(1000);
    for (const b of builds) {
      const types = typesOf(await p.eventsOf(b.subject));
      expect(types.filter((t) => t === 'page.complete')).toHaveLength(1);
      expect(types.at(-1)).toBe('page.complete');
      expect(await p.watchOf(b.subject)).toMatchObject({ state: 'done', last_error: null });
    }
  });

  it('refused credentials on a batch: every watch it asked about ends in error with watch.error', async () => {
    const builds = await watches(3, 60_000);
    p.lindo.faults.inject('401', { id: 'batch' });
    expect(await p.advance(MINUTE, () => active() === 0)).toBe(true);
    for (const b of builds) {
      expect(await p.watchOf(b.subject)).toMatchObject({ state: 'error', polls: 1, next_poll_at: null });
      const events = await p.eventsOf(b.subject);
      expect(events.map((e) => [e.type, e.data.error?.code])).toEqual([['watch.error', 'credentials_refused']]);
    }
  });
});
