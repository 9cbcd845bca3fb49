import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const relay = useTestRelay();

function listen(url: string, token: string) {
  const received: MessageEvent[] = [];
  const es = new EventSource(url, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
  });
  const opened = new Promise<void>((resolve, reject) => {
    es.onopen = () => resolve();
    es.onerror = (e) => reject(e);
  });
  es.addEventListener('site.complete', (m) => received.push(m));
  return { es, received, opened };
}

describe('a signed Warpweb webhook', () => {
  it('reaches an SSE listener as the normalized event, once', async () => {
    const { es, received, opened } = listen(`${relay.url}/v1/stream`, relay.adminToken);
    await opened;
    const body = warpwebEnvelope('site.complete', '8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f', {
      usage: { credits_charged: null, tokens_in: 1200, tokens_out: 5400, cost_usd: 0.42 },
      deployment_url: 'https://brookside-plumbing-a1b2c3.warpweb.app',
    });
    const first = await postWarpweb(relay.url, body);
    expect(first.status).toBe(200);
    const ack = await first.json();
    expect(ack).toMatchObject({ received: true, duplicate: false });
    expect(ack.events).toHaveLength(1);

    await expect.poll(() => received.length).toBe(1);
    const again = await postWarpweb(relay.url, body);
    expect(await again.json()).toEqual({ received: true, duplicate: true });

    const msg = received[0]!;
    const event = JSON.parse(msg.data);
    expect(msg.lastEventId).toBe(event.sequence);
    expect(event).toMatchObject({
      specversion: '1.0',
      id: ack.events[0],
      source: 'sitewire/warpweb',
      type: 'site.complete',
      subject: 'warpweb/site/8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f',
      time: body.occurred_at,
      datacontenttype: 'application/json',
      data: {
        provider: 'warpweb',
        kind: 'site',
        resource_id: '8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f',
        status: 'complete',
        url: 'https://brookside-plumbing-a1b2c3.warpweb.app',
        usage: { credits_charged: null, tokens_in: 1200, tokens_out: 5400, cost_usd: 0.42 },
        observed_via: 'webhook',
        provider_event_id: body.event_id,
      },
    });
    // The duplicate emitted nothing: one stored event, and no second message.
    const list = await (await relay.api('/v1/events')).json();
    expect(list.data.map((e: { id: string }) => e.id)).toEqual(ack.events);
    // A later webhook is the marker: the stream keeps order, so a message from the duplicate would come before it.
    const marker = warpwebEnvelope('site.complete', 'marker-site');
    expect((await postWarpweb(relay.url, marker)).status).toBe(200);
    await expect.poll(() => received.length).toBeGreaterThanOrEqual(2);
    expect(received.map((m) => JSON.parse(m.data).subject)).toEqual([
      'warpweb/site/8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f',
      'warpweb/site/marker-site',
    ]);
    es.close();
  });
});
