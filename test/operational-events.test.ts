/**
 * Operational events (docs/events.md#operational-events): stored and
 * deliverable like build events, opt-in by `types`, and never delivered to
 * the subscription they are about.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operationalEvent } from '../src/services/operational-events';
import { useTestRelay } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { getJson, subscribe, type SubscriptionJson } from './helpers/subscriptions';

const relay = useTestRelay();
const sinks: Record<'ops' | 'dead' | 'plain', Sink> = {} as never;
const subs: Record<'ops' | 'dead' | 'plain', SubscriptionJson> = {} as never;

beforeAll(async () => {
  for (const [name, types] of [
    ['ops', ['subscription.*', 'delivery.*']],
    ['dead', ['delivery.dead']],
    ['plain', undefined],
  ] as const) {
    sinks[name] = await startSink();
    subs[name] = await subscribe(relay, { url: sinks[name].url, ...(types && { types }) });
  }
});
afterAll(() => Promise.all(Object.values(sinks).map((s) => s.close())));

const deadAbout = (sub: SubscriptionJson, n: number) =>
  operationalEvent('delivery.dead', {
    subscription_id: sub.id,
    delivery_id: `dlv_${n}`,
    event_id: `evt_${n}`,
    attempts: 3,
    last_error: 'HTTP 503',
  });

describe('operational events', () => {
  it('reach the subscriptions whose types name them, except the one they are about', async () => {
    const { events } = relay.relay.recorder.write((w) => [
      w.emit(deadAbout(subs.ops, 1)),
      w.emit(deadAbout(subs.dead, 2)),
    ]);
    const [aboutOps, aboutDead] = events.map((e) => JSON.parse(e.json));
    await vi.waitFor(() => {
      expect(sinks.ops.events().map((e) => e.id)).toEqual([aboutDead.id]);
      expect(sinks.dead.events().map((e) => e.id)).toEqual([aboutOps.id]);
    });
    for (const name of ['ops', 'dead'] as const) verifyDelivery(subs[name].secret, sinks[name].received[0]!);
    expect(aboutOps).toMatchObject({
      type: 'delivery.dead',
      source: 'sitewire/relay',
      subject: 'sitewire/delivery/dlv_1',
      data: { subscription_id: subs.ops.id, event_id: 'evt_1', attempts: 3, last_error: 'HTTP 503', kind: 'delivery' },
    });
    // A subscription without types gets build events only; a sitewire.test proves it is alive and reached.
    const test = await relay.api(`/v1/subscriptions/${subs.plain.id}/test`, { method: 'POST' });
    expect(test.status).toBe(200);
    expect(sinks.plain.events().map((e) => e.type)).toEqual(['sitewire.test']);
  });

  it('are left out of the events API unless asked for by type', async () => {
    const plain = await getJson(relay, '/v1/events');
    expect(plain.data.map((e: { type: string }) => e.type)).not.toContain('delivery.dead');
    const named = await getJson(relay, '/v1/events?types=delivery.*');
    expect(named.data.map((e: { subject: string }) => e.subject)).toEqual([
      'sitewire/delivery/dlv_1',
      'sitewire/delivery/dlv_2',
    ]);
  });

  it('are in the event catalog with their facts', async () => {
    const catalog = await getJson(relay, '/v1/event-types');
    const entry = catalog.data.find((e: { type: string }) => e.type === 'provider.credentials_refused');
    expect(entry.example).toMatchObject({
      provider: 'warpweb',
      kind: 'provider',
      resource_id: 'warpweb',
      status_code: 401,
    });
    expect(Object.keys(entry.data_schema.properties)).toEqual(expect.arrayContaining(['status_code', 'message']));
  });
});
