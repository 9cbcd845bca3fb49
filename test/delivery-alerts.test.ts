/**
 * Operational events about deliveries (docs/events.md#operational-events), end to end:
 * `subscription.disabled` for 410 and an open circuit, `delivery.dead` for an exhausted
 * schedule, `subscription.recovered` after them, never delivered to the subscription
 * they are about; and the delivery metrics that go with them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { useTestRelay } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { deliveriesOf, eventually, getJson, sendForm, subscribe } from './helpers/subscriptions';

const relay = useTestRelay({ SITEWIRE_RETRY_SCHEDULE: '20ms,20ms' });
const sinks: Sink[] = [];
const sink = async (...args: Parameters<typeof startSink>) => {
  const s = await startSink(...args);
  sinks.push(s);
  return s;
};

afterEach(async () => {
  for (const s of (await getJson(relay, '/v1/subscriptions')).data)
    await relay.api(`/v1/subscriptions/${s.id}`, { method: 'DELETE' });
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

const opsEvents = async (subId: string) =>
  (await getJson(relay, '/v1/events?types=subscription.*,delivery.*&limit=500')).data.filter(
    (e: { data: { subscription_id?: string } }) => e.data.subscription_id === subId,
  );

/** A watcher of operational events, and one more that takes them all. */
async function watchers() {
  const ops = await sink();
  const opsSub = await subscribe(relay, { url: ops.url, types: ['subscription.*', 'delivery.*'] });
  return { ops, opsSub };
}

describe('operational events about deliveries', () => {
  it('a 410: subscription.disabled once, to the watchers but never to the subscription itself', async () => {
    const { ops, opsSub } = await watchers();
    const gone = await sink(() => ({ status: 410 }));
    const sub = await subscribe(relay, { url: gone.url, types: ['*', 'subscription.*', 'delivery.*'] });
    await sendForm(relay, 'gone-ops', 'x');

    await eventually(async () => (await opsEvents(sub.id)).length).toBe(1);
    const [disabled] = await opsEvents(sub.id);
    expect(disabled).toMatchObject({
      type: 'subscription.disabled',
      source: 'sitewire/relay',
      subject: `sitewire/subscription/${sub.id}`,
      data: { subscription_id: sub.id, url: gone.url, reason: 'the receiver answered 410 Gone' },
    });
    await eventually(() => ops.events().map((e) => e.id)).toEqual([disabled.id]);
    verifyDelivery(opsSub.secret, ops.received[0]!);
    // The disabled subscription got one attempt (the form) and no delivery row for its own event.
    expect(gone.received).toHaveLength(1);
    expect((await deliveriesOf(relay, sub.id)).map((d) => d.event_id)).not.toContain(disabled.id);
  });

  it('an exhausted schedule: delivery.dead per delivery, not to itself; recovered once it delivers again', async () => {
    const { ops } = await watchers();
    let healthy = false;
    const s = await sink(() => ({ status: healthy ? 204 : 500 }));
    const sub = await subscribe(relay, { url: s.url, types: ['form.*', 'delivery.*', 'subscription.*'] });
    const [first] = await sendForm(relay, 'dead-ops', 'x');

    await eventually(async () => (await opsEvents(sub.id)).map((e: { type: string }) => e.type)).toEqual([
      'delivery.dead',
    ]);
    const [dead] = await opsEvents(sub.id);
    const [d] = await deliveriesOf(relay, sub.id);
    expect(dead.data).toMatchObject({
      subscription_id: sub.id,
      delivery_id: d!.id,
      event_id: first,
      attempts: 3,
      last_error: 'HTTP 500',
    });
    expect(dead.subject).toBe(`sitewire/delivery/${d!.id}`);
    // Three attempts, all about the form: its own delivery.dead was never queued for it.
    expect(s.events().map((e) => e.id)).toEqual([first, first, first]);

    healthy = true;
    await sendForm(relay, 'dead-ops', 'y');
    await eventually(async () => (await opsEvents(sub.id)).map((e: { type: string }) => e.type)).toEqual([
      'delivery.dead',
      'subscription.recovered',
    ]);
    const recovered = (await opsEvents(sub.id))[1];
    expect(recovered.data).toMatchObject({ subscription_id: sub.id, url: s.url });
    expect(Date.parse(recovered.data.failing_since)).toBeLessThanOrEqual(Date.parse(dead.time));
    await eventually(() => ops.events().map((e) => e.type)).toEqual(['delivery.dead', 'subscription.recovered']);
    // One more success is no new transition.
    await sendForm(relay, 'dead-ops', 'z');
    await eventually(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length).toBe(2);
    expect(await opsEvents(sub.id)).toHaveLength(2);
  });

  it('a retried blip raises nothing; a circuit that opens and closes raises disabled and recovered once', async () => {
    await watchers();
    let failures = 1;
    const s = await sink(() => (failures-- > 0 ? { status: 503 } : { status: 204 }));
    const sub = await subscribe(relay, {
      url: s.url,
      circuit: { failures: 2, cooldown_s: 1 },
      retry_schedule: '10ms,10ms,10ms',
    });
    await sendForm(relay, 'blip-ops', 'x');
    await eventually(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length).toBe(1);
    expect(await opsEvents(sub.id)).toEqual([]);

    failures = 2;
    await sendForm(relay, 'circuit-ops', 'y');
    await eventually(async () => (await opsEvents(sub.id)).map((e: { type: string }) => e.type), 20_000).toEqual([
      'subscription.disabled',
      'subscription.recovered',
    ]);
    const [opened] = await opsEvents(sub.id);
    expect(opened.data.reason).toMatch(/^circuit open after 2 consecutive failed attempts, paused until /);
    expect((await getJson(relay, `/v1/subscriptions/${sub.id}`)).circuit_open_until).toBe(null);
  });

  it('are measured: attempt durations as a histogram, and per-subscription gauges', async () => {
    const s = await sink((_r, i) => ({ status: i === 0 ? 500 : 204 }));
    const slow = await sink(() => ({ status: 204, delayMs: 60_000 }));
    const sub = await subscribe(relay, { url: s.url, retry_schedule: '10ms' });
    const stuck = await subscribe(relay, { url: slow.url, timeout_ms: 120_000 });
    await sendForm(relay, 'metrics-a', 'x');
    await sendForm(relay, 'metrics-b', 'y');
    await eventually(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length).toBe(2);

    const m = parseExposition(await (await relay.api('/metrics')).text());
    const h = 'sitewire_delivery_attempt_duration_seconds';
    expect(m.get(h)?.type).toBe('histogram');
    // Three attempts here (one failed), however many the tests before made.
    expect(sampleValue(m, `${h}_count`)).toBeGreaterThanOrEqual(3);
    expect(sampleValue(m, `${h}_bucket`, { le: '+Inf' })).toBe(sampleValue(m, `${h}_count`));
    const g = (name: string, id: string) => sampleValue(m, name, { subscription: id });
    expect(g('sitewire_subscription_pending_deliveries', stuck.id)).toBe(2);
    expect(g('sitewire_subscription_pending_deliveries', sub.id)).toBe(0);
    expect(g('sitewire_subscription_oldest_pending_age_seconds', stuck.id)).toBeGreaterThan(0);
    expect(g('sitewire_subscription_oldest_pending_age_seconds', sub.id)).toBe(0);
    expect(g('sitewire_subscription_consecutive_failures', sub.id)).toBe(0);
    expect(m.get('sitewire_subscription_pending_deliveries')?.samples.map((x) => x.labels.subscription)).not.toContain(
      'other',
    );
  });
});
