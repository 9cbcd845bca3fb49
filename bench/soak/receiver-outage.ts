/**
 * Receiver outage: the subscriber answers 503 for a while, with a compressed
 * retry schedule; once it is back, the backlog drains in order per resource
 * and no delivery is given up (dead).
 */
import { startSink } from '../../test/helpers/sink';
import { postWarpweb, warpwebEnvelope } from '../../test/helpers/webhooks';
import { sleep, startSoakRelay, until, type SoakResult } from './relay';

export interface OutageSizes {
  outageSeconds: number;
  events: number;
}

export async function receiverOutage(sizes: OutageSizes): Promise<SoakResult> {
  const started = Date.now();
  // Retries every second or two through the outage, with room to spare after it.
  const retries = Array.from({ length: Math.ceil(sizes.outageSeconds) + 10 }, (_, i) => (i % 2 ? '2s' : '1s'));
  const relay = await startSoakRelay({ SITEWIRE_RETRY_SCHEDULE: retries.join(',') });
  let down = true;
  const sink = await startSink(() => (down ? { status: 503 } : { status: 204 }));
  const failures: string[] = [];
  try {
    const res = await relay.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url: sink.url }) });
    const sub = (await res.json()) as { id: string };
    const spread = (sizes.outageSeconds * 1000) / sizes.events;
    for (let i = 0; i < sizes.events; i++) {
      const body = warpwebEnvelope('site.research_ready', `outage-${i % 5}`, { message: `step ${i}` });
      const r = await postWarpweb(relay.url, body);
      if (r.status !== 200) failures.push(`webhook ${i}: HTTP ${r.status}`);
      await sleep(spread * 0.5);
    }
    await sleep(Math.max(0, started + sizes.outageSeconds * 1000 - Date.now()));
    const failedDuring = sink.received.length;
    down = false;
    const upAt = Date.now();
    const since = () => sink.received.filter((r) => r.at >= upAt);
    const delivered = () => new Set(since().map((r) => JSON.parse(r.body).id as string));
    const drained = await until(() => delivered().size >= sizes.events, 60_000 + sizes.outageSeconds * 1000, 200);
    const drainSeconds = (Date.now() - upAt) / 1000;
    const deadRes = await relay.api(`/v1/subscriptions/${sub.id}/deliveries?status=dead`);
    const dead = (await deadRes.json()) as { data: unknown[] };
    // Order per resource among the successful receipts.
    const last = new Map<string, number>();
    let orderViolations = 0;
    for (const r of since()) {
      const e = JSON.parse(r.body) as { subject: string; sequence: string };
      if (Number(e.sequence) <= (last.get(e.subject) ?? 0)) orderViolations += 1;
      last.set(e.subject, Number(e.sequence));
    }
    if (!drained) failures.push(`only ${delivered().size} of ${sizes.events} delivered after the outage`);
    if (dead.data.length) failures.push(`${dead.data.length} deliveries dead`);
    if (orderViolations) failures.push(`${orderViolations} deliveries out of order`);
    return {
      scenario: 'receiver outage',
      figures: [
        ['outage s', sizes.outageSeconds],
        ['events', sizes.events],
        ['attempts refused (503)', failedDuring],
        ['drained in s', drainSeconds.toFixed(1)],
        ['dead', dead.data.length],
        ['order violations', orderViolations],
      ],
      failures,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await sink.close();
    await relay.stop();
  }
}
