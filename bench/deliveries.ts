/**
 * Subscriber delivery figures: deliveries per second to local sinks (signed,
 * every attempt persisted) and the time from ingest to delivery (p50/p99).
 * Run: npx tsx bench/deliveries.ts [events]
 */
import { cpus, loadavg } from 'node:os';
import { startTestRelay, type TestRelay } from '../test/helpers/relay';
import { startSink, type Sink } from '../test/helpers/sink';
import { postWarpweb, warpwebEnvelope } from '../test/helpers/webhooks';

const EVENTS = Number(process.argv[2] ?? 3000);
const SENDERS = 16;

async function ingest(
  relay: TestRelay,
  count: number,
  sites: number,
  onSent?: (eventId: string, sentAt: number) => void,
  ratePerS?: number,
) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      for (let n = next++; n < count; n = next++) {
        if (ratePerS) {
          const due = started + (n * 1000) / ratePerS;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const sentAt = performance.timeOrigin + performance.now();
        const res = await postWarpweb(
          relay.url,
          warpwebEnvelope('form.submit', `bench-${n % sites}`, { name: `n${n}` }),
        );
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
        const { events } = (await res.json()) as { events: string[] };
        onSent?.(events[0]!, sentAt);
      }
    }),
  );
}

const waitUntil = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

/** Events stored first, then a replay queues them all at once: the engine's own pace. */
async function throughput(subscriptions: number, sites: number, events = EVENTS): Promise<string> {
  const relay = await startTestRelay({ SITEWIRE_LOG: 'error' });
  const sinks: Sink[] = await Promise.all(Array.from({ length: subscriptions }, () => startSink()));
  await ingest(relay, events, sites);
  const subs = await Promise.all(
    sinks.map(
      async (s) =>
        (await (await relay.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url: s.url }) })).json())
          .id as string,
    ),
  );
  const started = performance.now();
  for (const id of subs)
    await relay.api(`/v1/subscriptions/${id}/replay`, { method: 'POST', body: JSON.stringify({ since: 1 }) });
  await waitUntil(() => sinks.every((s) => s.received.length >= events));
  const seconds = (performance.now() - started) / 1000;
  const total = events * subscriptions;
  await Promise.all(sinks.map((s) => s.close()));
  await relay.stop();
  return `| ${subscriptions} | ${sites} | ${total} | ${seconds.toFixed(2)} s | **${Math.round(total / seconds)}/s** |`;
}

/** A subscription with `rate_limit`: the rate its sink sees, against the limit (replayed backlog, 100 resources). */
async function rateLimited(perSecond: number, events: number): Promise<string> {
  const relay = await startTestRelay({ SITEWIRE_LOG: 'error' });
  const sink = await startSink();
  await ingest(relay, events, 100);
  const body = JSON.stringify({ url: sink.url, rate_limit: { per_second: perSecond } });
  const { id } = (await (await relay.api('/v1/subscriptions', { method: 'POST', body })).json()) as { id: string };
  await relay.api(`/v1/subscriptions/${id}/replay`, { method: 'POST', body: JSON.stringify({ since: 1 }) });
  await waitUntil(() => sink.received.length >= events);
  const at = sink.received.map((r) => r.at).sort((a, b) => a - b);
  const rate = (events - 1) / ((at.at(-1)! - at[0]!) / 1000);
  await sink.close();
  await relay.stop();
  const off = ((rate - perSecond) / perSecond) * 100;
  return `| ${perSecond}/s | ${events} | ${rate.toFixed(2)}/s | ${off >= 0 ? '+' : ''}${off.toFixed(1)} % |`;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A steady stream of webhooks to a live subscription: webhook sent -> delivery received. */
async function latency(ratePerS: number): Promise<string> {
  const relay = await startTestRelay({ SITEWIRE_LOG: 'error' });
  const sink = await startSink();
  await relay.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url: sink.url }) });
  const sent = new Map<string, number>();
  await ingest(relay, EVENTS, 50, (id, at) => sent.set(id, at), ratePerS);
  await waitUntil(() => sink.received.length >= EVENTS);
  const ms = sink.received.map((r) => r.at - sent.get(String(r.headers['webhook-id']))!).sort((a, b) => a - b);
  await sink.close();
  await relay.stop();
  const f = (x: number) => `${x.toFixed(1)} ms`;
  return `| ${ratePerS}/s | ${EVENTS} | ${f(pct(ms, 50))} | ${f(pct(ms, 99))} | ${f(ms.at(-1)!)} |`;
}

console.log(
  `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0]!.toFixed(1)}, ${EVENTS} events per run\n`,
);
// Warm up the JIT, the SQLite statement caches and the connection pools; not reported.
await throughput(1, 10, 500);
console.log('| subscriptions | resources | deliveries | time | deliveries/s |\n|---|---|---|---|---|');
console.log(await throughput(1, 100));
console.log(await throughput(4, 100));
console.log(await throughput(1, 1));
console.log('\n| ingest rate | events | p50 | p99 | max |\n|---|---|---|---|---|');
console.log(await latency(100));
console.log(await latency(400));
console.log('\n| rate_limit | deliveries | sink-side rate | vs limit |\n|---|---|---|---|');
for (const [limit, n] of [
  [10, 100],
  [20, 200],
  [50, 500],
] as const)
  console.log(await rateLimited(limit, n));
