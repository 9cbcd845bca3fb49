/** Rate limit, circuit and recovery (docs/api.md#delivery-settings, docs/api.md#recover), measured at real sinks. */
import { afterEach, describe, expect, it } from 'vitest';
import { maxInWindow } from './helpers/max-in-window';
import { useTestRelay } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { deliveriesOf, eventually, getJson, sendForm, subscribe } from './helpers/subscriptions';

const relay = useTestRelay({ SITEWIRE_RETRY_SCHEDULE: '50ms,100ms' });
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

const recover = (id: string, body: Record<string, unknown>) =>
  relay.api(`/v1/subscriptions/${id}/recover`, { method: 'POST', body: JSON.stringify(body) });

describe('rate limit', () => {
  it('starts at most per_second attempts in any second, and the sink receives them spread out', async () => {
    const limited = await sink();
    const free = await sink();
    const sub = await subscribe(relay, { url: limited.url, rate_limit: { per_second: 5 } });
    await subscribe(relay, { url: free.url });
    // Different resources, so per-resource order does not pace them: only the limit does.
    for (let i = 0; i < 12; i++) await sendForm(relay, `rate-${i}`, `n${i}`);

    await eventually(() => free.received.length).toBe(12);
    await eventually(() => limited.received.length, 20_000).toBe(12);
    // The relay's own record of when each attempt started: evenly paced, never 6 in one second.
    const started = (await deliveriesOf(relay, sub.id)).map((d) => Date.parse(d.attempts[0]!.at)).sort((a, b) => a - b);
    expect(maxInWindow(started, 999)).toBeLessThanOrEqual(5);
    expect(started.at(-1)! - started[0]!).toBeGreaterThanOrEqual(11 * 200 - 5);
    // At the sink (which shares this process with the relay, so its arrival times carry the process's stalls
    // under load), the pacing shows as the spread: unlimited, the 12 would arrive within milliseconds.
    const at = limited.received.map((r) => r.at).sort((a, b) => a - b);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(11 * 200 - 500);
    for (const r of limited.received) verifyDelivery(sub.secret, r);
  });
});

describe('circuit', () => {
  it('pauses after the failures, sends one probe after the cooldown, and closes when the probe succeeds', async () => {
    let healthy = false;
    const s = await sink(() => ({ status: healthy ? 204 : 503 }));
    const sub = await subscribe(relay, {
      url: s.url,
      retry_schedule: '20ms,20ms,20ms,20ms,20ms,20ms,20ms,20ms',
      circuit: { failures: 3, cooldown_s: 1 },
    });
    await sendForm(relay, 'circuit-a', 'x');
    await sendForm(relay, 'circuit-b', 'y');

    await eventually(async () => (await getJson(relay, `/v1/subscriptions/${sub.id}`)).circuit_open_until).not.toBe(
      null,
    );
    const opened = await getJson(relay, `/v1/subscriptions/${sub.id}`);
    expect(opened.consecutive_failures).toBeGreaterThanOrEqual(3);
    expect(opened.enabled).toBe(true);
    const openUntil = Date.parse(opened.circuit_open_until);
    const beforeProbe = s.received.length;

    // The probe: one attempt, not before the cooldown is over; it fails, so the circuit opens again.
    await eventually(() => s.received.length).toBe(beforeProbe + 1);
    expect(s.received.at(-1)!.at).toBeGreaterThanOrEqual(openUntil - 5);
    const reopened = await getJson(relay, `/v1/subscriptions/${sub.id}`);
    expect(Date.parse(reopened.circuit_open_until)).toBeGreaterThan(openUntil);
    // Nothing else goes while it is open: every failed attempt before it started before the open time.
    const during = s.received.filter((r) => r.at > openUntil - 5);
    expect(during).toHaveLength(1);

    healthy = true;
    await eventually(async () => (await getJson(relay, `/v1/subscriptions/${sub.id}`)).circuit_open_until).toBe(null);
    await eventually(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length).toBe(2);
    const closed = await getJson(relay, `/v1/subscriptions/${sub.id}`);
    expect(closed.consecutive_failures).toBe(0);
    // After the second cooldown: exactly one probe, then the held delivery.
    const afterReopen = s.received.filter((r) => r.at >= Date.parse(reopened.circuit_open_until) - 5);
    expect(afterReopen.map((r) => r.headers['webhook-id']).length).toBe(2);
  });
});

describe('recover', () => {
  it('re-queues only the failed and dead deliveries of the window, and answers the count', async () => {
    let healthy = false;
    const s = await sink(() => ({ status: healthy ? 204 : 500 }));
    const sub = await subscribe(relay, { url: s.url, retry_schedule: '10ms' });
    const events: string[] = [];
    for (let i = 0; i < 4; i++) events.push(...(await sendForm(relay, `recover-${i}`, `n${i}`)));
    await eventually(async () => (await deliveriesOf(relay, sub.id, 'dead')).length).toBe(4);
    const seqOf = async (id: string) => (await getJson(relay, `/v1/events/${id}`)).sequence as string;

    expect((await recover('sub_nope', { since: 0 })).status).toBe(404);
    for (const bad of [{}, { since: 'yesterday' }, { since: 0, status: ['succeeded'] }, { since: 0, extra: 1 }]) {
      const res = await recover(sub.id, bad);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_request');
    }
    // The window: the second and third events only.
    const res = await recover(sub.id, { since: await seqOf(events[1]!), until: await seqOf(events[2]!) });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ recovered: 2 });
    healthy = true;
    await eventually(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length).toBe(2);
    const delivered = (await deliveriesOf(relay, sub.id, 'succeeded')).map((d) => d.event_id).sort();
    expect(delivered).toEqual([events[1], events[2]].sort());
    // Only dead ones asked for: none left failed, the other two dead ones come back.
    expect(await (await recover(sub.id, { since: 0, status: ['failed'] })).json()).toEqual({ recovered: 0 });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect(await (await recover(sub.id, { since, status: ['dead'] })).json()).toEqual({ recovered: 2 });
    await eventually(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length).toBe(4);
  });
});
