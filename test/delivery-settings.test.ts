/** Per-subscription delivery settings (docs/api.md#delivery-settings): each one changes exactly what it names. */
import { afterEach, describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { deliveriesOf, eventually, getJson, sendWarpweb, subscribe } from './helpers/subscriptions';

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

const patch = (id: string, body: Record<string, unknown>) =>
  relay.api(`/v1/subscriptions/${id}`, { method: 'PATCH', body: JSON.stringify(body) });

describe('per-subscription delivery settings', () => {
  it('are off by default, shown on every read, set on create and changed or cleared one by one with PATCH', async () => {
    const s = await sink();
    const plain = await subscribe(relay, { url: s.url });
    expect(plain).toMatchObject({
      headers: null,
      rate_limit: null,
      retry_schedule: null,
      timeout_ms: null,
      circuit: null,
      circuit_open_until: null,
      consecutive_failures: 0,
    });
    const sub = await subscribe(relay, {
      url: s.url,
      headers: { Authorization: 'Bearer abc', 'X-Team': 'blue' },
      rate_limit: { per_second: 2.5 },
      retry_schedule: '1s, 30s,0.5m',
      timeout_ms: 2500,
      circuit: { failures: 5, cooldown_s: 60 },
    });
    const settings = {
      headers: { Authorization: 'Bearer abc', 'X-Team': 'blue' },
      rate_limit: { per_second: 2.5 },
      retry_schedule: '1s,30s,30s',
      timeout_ms: 2500,
      circuit: { failures: 5, cooldown_s: 60 },
    };
    expect(sub).toMatchObject(settings);
    expect(await getJson(relay, `/v1/subscriptions/${sub.id}`)).toMatchObject(settings);
    expect((await getJson(relay, '/v1/subscriptions')).data.find((x: any) => x.id === sub.id)).toMatchObject(settings);

    const res = await patch(sub.id, { rate_limit: null, retry_schedule: '5s', description: 'kept apart' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ...settings, rate_limit: null, retry_schedule: '5s' });
    const cleared = await patch(sub.id, { headers: null, timeout_ms: null, circuit: null, retry_schedule: null });
    expect(await cleared.json()).toMatchObject({
      headers: null,
      rate_limit: null,
      retry_schedule: null,
      timeout_ms: null,
      circuit: null,
      description: 'kept apart',
    });
  });

  it.each<[string, Record<string, unknown>, (string | number)[]]>([
    ['a Standard Webhooks header', { headers: { 'Webhook-Signature': 'v1,x' } }, ['headers', 'Webhook-Signature']],
    ['Host', { headers: { host: 'example.com' } }, ['headers', 'host']],
    ['Content-Length', { headers: { 'Content-Length': '3' } }, ['headers', 'Content-Length']],
    ['User-Agent', { headers: { 'User-Agent': 'me' } }, ['headers', 'User-Agent']],
    ['a name that is not a token', { headers: { 'X Team': 'a' } }, ['headers', 'X Team']],
    ['a line break in a value', { headers: { 'X-A': 'a\r\nX-B: b' } }, ['headers', 'X-A']],
    ['the same name twice', { headers: { 'X-A': '1', 'x-a': '2' } }, ['headers']],
    [
      'more than 20 headers',
      { headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v'])) },
      ['headers'],
    ],
    ['a zero rate', { rate_limit: { per_second: 0 } }, ['rate_limit', 'per_second']],
    ['a rate without per_second', { rate_limit: {} }, ['rate_limit', 'per_second']],
    ['a bad schedule', { retry_schedule: '5s,soon' }, ['retry_schedule']],
    ['a zero delay', { retry_schedule: '0s' }, ['retry_schedule']],
    ['a timeout below 100 ms', { timeout_ms: 50 }, ['timeout_ms']],
    ['a timeout above 2 minutes', { timeout_ms: 120_001 }, ['timeout_ms']],
    ['a circuit without a cooldown', { circuit: { failures: 3 } }, ['circuit', 'cooldown_s']],
    ['a circuit of 0 failures', { circuit: { failures: 0, cooldown_s: 5 } }, ['circuit', 'failures']],
  ])('refuse %s with 400 invalid_request, on create and on PATCH', async (_name, body, path) => {
    const s = await sink();
    const create = await relay.api('/v1/subscriptions', {
      method: 'POST',
      body: JSON.stringify({ url: s.url, ...body }),
    });
    expect(create.status).toBe(400);
    const err = (await create.json()).error;
    expect(err.code).toBe('invalid_request');
    expect(err.issues.map((i: { path: unknown }) => i.path)).toContainEqual(path);
    const sub = await subscribe(relay, { url: s.url });
    const res = await patch(sub.id, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_request');
  });

  it('send the static headers on every attempt, beside a signature that still verifies', async () => {
    const s = await sink((_r, i) => ({ status: i < 2 ? 500 : 204 }));
    const headers = { Authorization: 'Bearer receiver-token', 'X-Team': 'blue' };
    const sub = await subscribe(relay, { url: s.url, headers });
    const plainSink = await sink();
    await subscribe(relay, { url: plainSink.url });
    await sendWarpweb(relay, 'site.complete', 'headers-1');

    await eventually(async () => (await deliveriesOf(relay, sub.id))[0]?.status).toBe('succeeded');
    expect(s.received).toHaveLength(3);
    for (const r of s.received) {
      expect(r.headers.authorization).toBe('Bearer receiver-token');
      expect(r.headers['x-team']).toBe('blue');
      expect(r.headers['content-type']).toBe('application/json');
      verifyDelivery(sub.secret, r);
    }
    await eventually(() => plainSink.received.length).toBe(1);
    expect(plainSink.received[0]!.headers.authorization).toBeUndefined();
    expect(plainSink.received[0]!.headers['x-team']).toBeUndefined();
  });

  it("use the subscription's own retry schedule instead of the relay's", async () => {
    const s = await sink(() => ({ status: 500 }));
    const own = await subscribe(relay, { url: s.url, retry_schedule: '400ms,10ms,10ms' });
    const other = await sink(() => ({ status: 500 }));
    const global = await subscribe(relay, { url: other.url });
    await sendWarpweb(relay, 'site.complete', 'schedule-1');

    await eventually(async () => (await deliveriesOf(relay, own.id))[0]?.status).toBe('dead');
    await eventually(async () => (await deliveriesOf(relay, global.id))[0]?.status).toBe('dead');
    const [d] = await deliveriesOf(relay, own.id);
    // Four attempts (three delays), where the relay's schedule of two delays gives three.
    expect(d!.attempt_count).toBe(4);
    expect((await deliveriesOf(relay, global.id))[0]!.attempt_count).toBe(3);
    const at = s.received.map((r) => r.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(400);
  });

  it("time attempts out after the subscription's own timeout_ms", async () => {
    const s = await sink(() => ({ status: 204, delayMs: 1500 }));
    const short = await subscribe(relay, { url: s.url, timeout_ms: 200, retry_schedule: '10ms' });
    const patient = await subscribe(relay, { url: s.url });
    await sendWarpweb(relay, 'site.complete', 'timeout-1');

    await eventually(async () => (await deliveriesOf(relay, short.id))[0]?.status).toBe('dead');
    const [d] = await deliveriesOf(relay, short.id);
    expect(d!.attempts.map((a) => a.error)).toEqual(['timed out after 200 ms', 'timed out after 200 ms']);
    await eventually(async () => (await deliveriesOf(relay, patient.id))[0]?.status).toBe('succeeded');
  });
});
