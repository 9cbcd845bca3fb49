/**
 * Resume (docs/api.md#streams): a listener that disconnects and reconnects with
 * Last-Event-ID gets every event after it exactly once, in order, then live
 * ones, while a writer keeps posting webhooks the whole time.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { listen, range } from './helpers/sse';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

// A small client buffer: a replay longer than it must be paced, never cut off.
const relay = useTestRelay({ SITEWIRE_SSE_MAX_BUFFER_BYTES: String(64 * 1024) });

const TYPES = ['site.complete'];
const lastSeq = () => relay.relay.store.events.lastSeq();

/** Posts site.complete webhooks (one event each) from `lanes` concurrent senders until stopped. */
function writer(lanes = 2) {
  let stopped = false;
  let n = 0;
  const acked: string[] = [];
  const done = Promise.all(
    range(1, lanes).map(async (lane) => {
      while (!stopped) {
        n += 1;
        const res = await postWarpweb(relay.url, warpwebEnvelope('site.complete', `resume-${lane}-${n}`));
        expect(res.status).toBe(200);
        acked.push(...(await res.json()).events);
      }
    }),
  );
  return {
    acked,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function storedIds(after: number): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  for (let cursor = after; ; ) {
    const page = await (await relay.api(`/v1/events?after=${cursor}&limit=1000`)).json();
    for (const e of page.data) ids.set(Number(e.sequence), e.id);
    if (page.data.length === 0) return ids;
    cursor = page.next_after;
  }
}

describe('SSE resume', () => {
  it('replays exactly what was missed, then live events, with no gap and no duplicate while a writer keeps posting', {
    timeout: 90_000,
  }, async () => {
    const base = lastSeq();
    const w = writer(4);
    onTestFinished(() => w.stop());

    // 1. A listener follows live events for a while.
    const first = listen(`${relay.url}/v1/stream`, { token: relay.adminToken, types: TYPES });
    await first.opened;
    await expect.poll(() => first.messages.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
    first.close();
    const seen = first.seqs();
    const lastSeen = seen.at(-1)!;
    expect(seen).toEqual(range(seen[0]!, lastSeen));

    // 2. While it is away, N events arrive: more than one replay page, and more than the client buffer holds.
    const N = 600;
    await expect.poll(lastSeq, { timeout: 15_000 }).toBeGreaterThanOrEqual(lastSeen + N);
    const missedAtReconnect = lastSeq() - lastSeen;

    // 3. It comes back with Last-Event-ID while the writer is still posting.
    const second = listen(`${relay.url}/v1/stream`, {
      token: relay.adminToken,
      types: TYPES,
      lastEventId: String(lastSeen),
    });
    await second.opened;
    await expect.poll(() => second.messages.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(missedAtReconnect + 20);
    await w.stop();
    const final = lastSeq();
    await expect.poll(() => second.seqs().at(-1), { timeout: 15_000 }).toBe(final);

    // Exactly the missed ones, then every live one: contiguous, in order, once.
    expect(second.seqs()).toEqual(range(lastSeen + 1, final));
    expect(second.errors).toBe(0);
    const stored = await storedIds(base);
    for (const m of second.messages) {
      expect(m.event.id).toBe(stored.get(m.seq));
      expect(m.lastEventId).toBe(String(m.seq).padStart(20, '0'));
    }
    // Every acknowledged event was stored and streamed.
    expect(new Set([...stored.values()])).toEqual(new Set(w.acked));
    second.close();
  });

  it('takes ?last_event_id= too, and the Last-Event-ID header wins over it', { timeout: 60_000 }, async () => {
    const w = writer(1);
    onTestFinished(() => w.stop());
    await expect.poll(lastSeq, { timeout: 15_000 }).toBeGreaterThanOrEqual(30);
    const from = lastSeq() - 10;
    const byQuery = listen(`${relay.url}/v1/stream?last_event_id=${from}`, { token: relay.adminToken, types: TYPES });
    const both = listen(`${relay.url}/v1/stream?last_event_id=${from - 5}`, {
      token: relay.adminToken,
      types: TYPES,
      lastEventId: String(from),
    });
    await Promise.all([byQuery.opened, both.opened]);
    await expect.poll(() => byQuery.messages.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(15);
    await w.stop();
    const final = lastSeq();
    await expect.poll(() => [byQuery.seqs().at(-1), both.seqs().at(-1)], { timeout: 15_000 }).toEqual([final, final]);
    expect(byQuery.seqs()).toEqual(range(from + 1, final));
    expect(both.seqs()).toEqual(range(from + 1, final));
    byQuery.close();
    both.close();
  });

  it('replays nothing for an id from the future, and misses nothing after it', async () => {
    const future = lastSeq() + 1000;
    const l = listen(`${relay.url}/v1/stream`, { token: relay.adminToken, types: TYPES, lastEventId: String(future) });
    await l.opened;
    const before = lastSeq();
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'after-future'));
    await expect.poll(() => l.seqs(), { timeout: 15_000 }).toEqual([before + 1]);
    l.close();
  });
});
