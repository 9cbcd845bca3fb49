/**
 * A fan-out object evicted mid-stream (a deploy, a reset): its streams end,
 * and clients that reconnect with Last-Event-ID get everything they missed,
 * once, in order, then live events again. Its own file, like
 * restart.workers.test.ts: abortAllDurableObjects() resets every object.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { FANOUTS, fanoutStub, heldByAll } from './fanouts';
import { collect, open, type Listener } from './listeners';
import { stubOutbound } from './outbound';
import { apiJson, postWarpweb, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

async function ingest(siteId: string, name: string): Promise<string> {
  const res = await postWarpweb(warpwebEnvelope('form.submit', siteId, { name }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: string[] }).events[0]!;
}

/** Marks each live fan-out instance, to tell later whether the one answering is a new one. */
const markFanouts = () =>
  Promise.all(
    Array.from({ length: FANOUTS }, (_, i) =>
      runInDurableObject(fanoutStub(i), (instance) => void ((instance as unknown as { mark: boolean }).mark = true)),
    ),
  );
const markedFanouts = () =>
  Promise.all(
    Array.from({ length: FANOUTS }, (_, i) =>
      runInDurableObject(fanoutStub(i), (instance) => (instance as unknown as { mark?: boolean }).mark === true),
    ),
  );

describe('a fan-out evicted mid-stream', () => {
  it('loses nothing: its clients resume by Last-Event-ID', async () => {
    stubOutbound();
    const site = `evict-${crypto.randomUUID().slice(0, 8)}`;
    const listener: Listener = { path: `/v1/stream?resources=warpweb/site/${site}` };
    const streams = await Promise.all(Array.from({ length: 8 }, () => open(listener)));
    expect((await heldByAll()).streams).toBeGreaterThanOrEqual(8);
    const sent = [await ingest(site, 'a'), await ingest(site, 'b')];
    const before = await Promise.all(
      streams.map(async (s) => {
        const got = [await s.nextEvent(), await s.nextEvent()];
        return got.map((m) => ({ id: m.id, eventId: JSON.parse(m.data).id as string }));
      }),
    );

    // Every stream is open, read up to its second event, when the fan-outs are reset. In this test runtime
    // the objects share the test's isolate, so a reset object's old streams are not cut as a deploy cuts
    // them: the clients drop them here, as they would see them drop.
    await markFanouts();
    await abortAllDurableObjects();
    expect(await markedFanouts()).toEqual([false, false]);
    for (const s of streams) await s.close();

    sent.push(await ingest(site, 'c'), await ingest(site, 'd')); // while nobody listens
    const resumed = await Promise.all(before.map((seen) => open(listener, seen.at(-1)!.id)));
    const reading = resumed.map((s) => collect(listener, s, 3));
    sent.push(await ingest(site, 'e')); // live again
    const after = await Promise.all(reading);
    for (const [i, seen] of after.entries()) {
      expect([...before[i]!, ...seen].map((m) => m.eventId)).toEqual(sent);
    }
    const logged = await apiJson(`/v1/events?resources=warpweb/site/${site}`);
    expect(logged.body.data.map((e: { id: string }) => e.id)).toEqual(sent);
  });
});
