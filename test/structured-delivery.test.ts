/**
 * Deliveries in CloudEvents structured mode: a subscription with
 * `content_mode: "structured"` gets the same signed event JSON labelled
 * `application/cloudevents+json`; the default stays `application/json`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { createDeliveryCheck } from './helpers/contract';
import { startSink, verifyDelivery } from './helpers/sink';
import { eventually, getJson, sendWarpweb, subscribe } from './helpers/subscriptions';

const relay = useTestRelay({ SITEWIRE_RETRY_SCHEDULE: '50ms,100ms' });
const sinks: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(sinks.map((s) => s.close())));

describe('content_mode', () => {
  it('is json by default, shown on every read, and can be changed', async () => {
    const sink = await startSink();
    sinks.push(sink);
    const sub = await subscribe(relay, { url: sink.url, resources: ['warpweb/site/mode-default'] });
    expect(sub.content_mode).toBe('json');
    expect((await getJson(relay, `/v1/subscriptions/${sub.id}`)).content_mode).toBe('json');
    const patched = await relay.api(`/v1/subscriptions/${sub.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ content_mode: 'structured' }),
    });
    expect((await patched.json()).content_mode).toBe('structured');
    const listed = (await getJson(relay, '/v1/subscriptions')).data as { id: string; content_mode: string }[];
    expect(listed.find((s) => s.id === sub.id)?.content_mode).toBe('structured');
  });

  it('refuses a mode it does not know', async () => {
    const res = await relay.api('/v1/subscriptions', {
      method: 'POST',
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', content_mode: 'binary' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid_request', issues: [{ path: ['content_mode'] }] });
  });

  it('structured: the signed event JSON as application/cloudevents+json, verified by standardwebhooks', async () => {
    const [plain, structured] = [await startSink(), await startSink()];
    sinks.push(plain, structured);
    const resources = ['warpweb/site/mode-structured'];
    const a = await subscribe(relay, { url: plain.url, resources });
    const b = await subscribe(relay, { url: structured.url, resources, content_mode: 'structured' });
    expect(b.content_mode).toBe('structured');
    const [id] = await sendWarpweb(relay, 'site.complete', 'mode-structured');

    await eventually(() => plain.received.length + structured.received.length).toBe(2);
    const [p, s] = [plain.received[0]!, structured.received[0]!];
    expect(p.headers['content-type']).toBe('application/json');
    expect(s.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    // The same event either way, and both verify unchanged.
    expect(s.body).toBe(p.body);
    expect(verifyDelivery(a.secret, p)).toMatchObject({ id, specversion: '1.0', type: 'site.complete' });
    expect(verifyDelivery(b.secret, s)).toMatchObject({ id, specversion: '1.0', type: 'site.complete' });
    // Both are what the document's `site.complete` webhook says, under their media type.
    const check = createDeliveryCheck(await (await fetch(`${relay.url}/openapi.json`)).json());
    expect(check(p.body, String(p.headers['content-type']))).toBeNull();
    expect(check(s.body, String(s.headers['content-type']))).toBeNull();
    const wrong = s.body.replace('"specversion":"1.0"', '"specversion":"0.3"');
    expect(check(wrong, 'application/json')).toMatch(/specversion/);
  });
});
