import { rmSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/create-app';
import type { Relay } from '../src/services/relay';
import { manualClock } from '../src/simulators/clock';
import { signWarpweb } from '../src/providers/warpweb/verify';
import { ADMIN_TOKEN, tempDir, WARPWEB_SECRET } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { startVirtualRelay, type VirtualRelay } from './helpers/virtual-relay';
import { warpwebEnvelope } from './helpers/webhooks';

// A relay on a clock the test moves, driven by hand (no timer), to see the 24 h overlap end.
const clock = manualClock(Date.now());
let dir: string;
let virtual: VirtualRelay;
let relay: Relay;
let app: ReturnType<typeof createApp>;
let sink: Sink;

beforeAll(async () => {
  dir = tempDir();
  virtual = startVirtualRelay(clock, `${dir}/sitewire.db`, {});
  relay = virtual.relay;
  app = createApp({ relay, adminToken: () => ADMIN_TOKEN });
  sink = await startSink();
});
afterAll(async () => {
  relay.close();
  virtual.close();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(path, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBeLessThan(300);
  return res.json();
};

async function deliverOne(siteId: string) {
  const ingest = await app.request('http://relay/ingest/warpweb', await signedWebhook(siteId));
  expect(ingest.status).toBe(200);
  const before = sink.received.length;
  await relay.ticker.tick();
  expect(sink.received.length).toBe(before + 1);
  return sink.received.at(-1)!;
}

/** A signed Warpweb webhook, timestamped by the relay's clock. */
async function signedWebhook(siteId: string): Promise<RequestInit> {
  const raw = JSON.stringify(warpwebEnvelope('site.complete', siteId));
  const ts = Math.floor(relay.now() / 1000);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-warpweb-timestamp': String(ts),
      'x-warpweb-signature': await signWarpweb(WARPWEB_SECRET, ts, raw),
    },
    body: raw,
  };
}

describe('secret rotation', () => {
  it('signs with both secrets for 24 hours, then with the new one only', async () => {
    const sub = await api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url: sink.url }) });
    const old = sub.secret as string;

    const rotated = await api(`/v1/subscriptions/${sub.id}/rotate-secret`, { method: 'POST' });
    const fresh = rotated.secret as string;
    expect(fresh).not.toBe(old);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.parse(rotated.updated_at)).toBe(86_400_000);

    const during = await deliverOne('rotate-1');
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyDelivery(fresh, during)).toBeTruthy();
    expect(verifyDelivery(old, during)).toBeTruthy();

    clock.advance(86_400_000 + 1_000);
    const after = await deliverOne('rotate-2');
    const ts = new Date(Number(after.headers['webhook-timestamp']) * 1000);
    const id = String(after.headers['webhook-id']);
    // The timestamp is a day ahead of the real clock, so compare signatures rather than verify.
    expect(after.headers['webhook-signature']).toBe(new Webhook(fresh).sign(id, ts, after.body));
    expect(after.headers['webhook-signature']).not.toContain(new Webhook(old).sign(id, ts, after.body).slice(3));
    expect((await api(`/v1/subscriptions/${sub.id}`)).previous_secret_expires_at).toBe(
      rotated.previous_secret_expires_at,
    );
  });
});
