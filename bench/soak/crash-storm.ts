/**
 * Crash storm: signed webhooks pour in while the relay is SIGKILLed at random
 * moments and restarted on the same database. Every acknowledged (200) event
 * must reach every subscription (in order per resource) and the SSE follower
 * (exactly once, across its reconnects). A webhook that got no answer is sent
 * again, as a provider would.
 */
import { seededRandom } from '../../test/helpers/random';
import { startSink, type Sink } from '../../test/helpers/sink';
import { postWarpweb, warpwebEnvelope } from '../../test/helpers/webhooks';
import { followStream } from './sse-follower';
import { sleep, startSoakRelay, until, type SoakResult } from './relay';

export interface CrashStormSizes {
  webhooks: number;
  kills: number;
  subscriptions: number;
  /** Seeds the kill moments, so a failing run can be repeated (SOAK_SEED); default: from the clock. */
  seed?: number;
}

export async function crashStorm(sizes: CrashStormSizes): Promise<SoakResult> {
  const started = Date.now();
  const seed = sizes.seed ?? started % 2 ** 31;
  const relay = await startSoakRelay({ SITEWIRE_RETRY_SCHEDULE: '100ms,200ms,500ms,1s,2s' });
  const sinks: Sink[] = [];
  const failures: string[] = [];
  try {
    for (let i = 0; i < sizes.subscriptions; i++) {
      const sink = await startSink();
      sinks.push(sink);
      const res = await relay.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url: sink.url }) });
      if (res.status !== 201) throw new Error(`subscription: HTTP ${res.status}`);
    }
    const follower = followStream(relay.url);
    const acked = new Set<string>();
    let resent = 0;

    // Kill moments spread at random over the sending, from a seed the result names.
    const random = seededRandom(seed);
    const randomIndex = () => 1 + random.int(sizes.webhooks - 1);
    const killAt = new Set(Array.from({ length: sizes.kills }, randomIndex));
    let sent = 0;
    let crashing: Promise<void> | null = null;
    const sendOne = async (i: number) => {
      // A few sites, so that many events share a resource: order is promised per resource.
      const body = warpwebEnvelope('site.research_ready', `storm-${i % 10}`, { message: `step ${i}` });
      for (;;) {
        if (crashing) await crashing;
        try {
          const res = await postWarpweb(relay.url, body);
          if (res.status === 200) {
            const json = (await res.json()) as { events?: string[] };
            for (const id of json.events ?? []) acked.add(id);
            return;
          }
          await res.body?.cancel();
        } catch {
          // No answer: the provider sends it again.
        }
        resent += 1;
        await sleep(50);
      }
    };
    const workers = Array.from({ length: 8 }, async () => {
      while (sent < sizes.webhooks) {
        const i = sent++;
        if (killAt.has(i) && !crashing) {
          crashing = relay.crash().finally(() => (crashing = null));
        }
        await sendOne(i);
      }
    });
    await Promise.all(workers);
    if (crashing) await crashing;

    const ackedIds = [...acked];
    const delivered = (s: Sink) => new Set(s.events().map((e) => e.id));
    const everywhere = () => {
      const streamed = new Set(follower.ids);
      if (!ackedIds.every((id) => streamed.has(id))) return false;
      return sinks.every((s) => ackedIds.every((id) => delivered(s).has(id)));
    };
    await until(everywhere, 120_000, 250);
    follower.stop();

    const streamed = new Set(follower.ids);
    const lostSse = ackedIds.filter((id) => !streamed.has(id)).length;
    const dupSse = follower.ids.length - new Set(follower.ids).size;
    const sseOrder = follower.seqs.filter((s, i) => i > 0 && s <= follower.seqs[i - 1]!).length;
    let lostDeliveries = 0;
    let orderViolations = 0;
    let duplicates = 0;
    for (const s of sinks) {
      const got = delivered(s);
      lostDeliveries += ackedIds.filter((id) => !got.has(id)).length;
      // Order (per resource): the first receipt of each event comes in increasing sequence for its subject.
      const lastBySubject = new Map<string, number>();
      const seen = new Set<string>();
      for (const e of s.events()) {
        if (seen.has(e.id)) {
          duplicates += 1;
          continue;
        }
        seen.add(e.id);
        const q = Number(e.sequence);
        if (q <= (lastBySubject.get(e.subject) ?? 0)) orderViolations += 1;
        lastBySubject.set(e.subject, q);
      }
    }
    if (lostSse) failures.push(`${lostSse} acknowledged events never reached the SSE follower`);
    if (dupSse) failures.push(`${dupSse} events reached the SSE follower twice`);
    if (sseOrder) failures.push(`${sseOrder} SSE events out of order`);
    if (lostDeliveries) failures.push(`${lostDeliveries} acknowledged (event, subscription) pairs never delivered`);
    if (orderViolations) failures.push(`${orderViolations} deliveries out of order`);
    return {
      scenario: 'crash storm',
      figures: [
        ['webhooks', sizes.webhooks],
        ['SIGKILLs', sizes.kills],
        ['seed (SOAK_SEED)', seed],
        ['acknowledged events', acked.size],
        ['re-sent after no answer', resent],
        ['lost', lostSse + lostDeliveries],
        ['order violations', orderViolations + sseOrder],
        ['SSE duplicates', dupSse],
        ['SSE reconnects', follower.reconnects],
        ['delivery duplicates (at-least-once)', duplicates],
      ],
      failures,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    for (const s of sinks) await s.close();
    await relay.stop();
  }
}
