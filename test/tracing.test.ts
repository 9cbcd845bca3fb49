/**
 * Tracing (docs/events.md#tracing): the ingest request's traceparent travels on the event
 * to the delivery's traceparent header; a request without a valid one starts a new trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTraceparent } from '../src/core/traceparent';
import { useTestRelay, WARPWEB_SECRET } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { eventually, getJson, subscribe } from './helpers/subscriptions';
import { warpwebEnvelope, warpwebWebhook } from './helpers/webhook-requests';

const relay = useTestRelay({ SITEWIRE_RETRY_SCHEDULE: '1s' });
let sink: Sink;
let secret: string;

beforeAll(async () => {
  sink = await startSink();
  secret = (await subscribe(relay, { url: sink.url, types: ['site.*'] })).secret;
});
afterAll(() => sink.close());

const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

async function ingest(siteId: string, traceparent?: string): Promise<string> {
  const init = await warpwebWebhook(warpwebEnvelope('site.complete', siteId), { secret: WARPWEB_SECRET });
  const headers = { ...(init.headers as Record<string, string>), ...(traceparent ? { traceparent } : {}) };
  const res = await fetch(`${relay.url}/ingest/warpweb`, { ...init, headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: string[] }).events[0]!;
}

async function deliveryOf(eventId: string) {
  await eventually(() => sink.received.some((r) => r.headers['webhook-id'] === eventId)).toBe(true);
  const r = sink.received.find((x) => x.headers['webhook-id'] === eventId)!;
  return { headers: r.headers, event: verifyDelivery(secret, r) as { traceparent?: string } };
}

describe('traceparent', () => {
  it('is taken from the ingest request, kept on the event and sent on the delivery', async () => {
    const id = await ingest('traced', TRACE);
    const stored = await getJson(relay, `/v1/events/${id}`);
    expect(stored.traceparent).toBe(TRACE);
    const { headers, event } = await deliveryOf(id);
    expect(event.traceparent).toBe(TRACE);
    expect(headers.traceparent).toBe(TRACE);
  });

  it.each([
    ['absent', undefined],
    ['invalid', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
  ])('starts a new trace when the header is %s', async (_name, header) => {
    const id = await ingest(`untraced-${_name}`, header);
    const { headers, event } = await deliveryOf(id);
    expect(parseTraceparent(event.traceparent)).toBe(event.traceparent);
    expect(event.traceparent).not.toBe(TRACE);
    expect(event.traceparent).not.toBe(header);
    expect(headers.traceparent).toBe(event.traceparent);
  });

  it('is sent again, unchanged, on a retried attempt', async () => {
    let failedOnce = false;
    sink.respond(() => {
      if (failedOnce) return { status: 204 };
      failedOnce = true;
      return { status: 500 };
    });
    const id = await ingest('traced-retry', TRACE);
    await eventually(() => sink.received.filter((r) => r.headers['webhook-id'] === id).length).toBe(2);
    const attempts = sink.received.filter((r) => r.headers['webhook-id'] === id);
    expect(attempts.map((r) => r.headers.traceparent)).toEqual([TRACE, TRACE]);
    sink.respond(() => ({ status: 204 }));
  });
});
