/**
 * DNS pinning on Node: the SSRF guard judges a host by its DNS answer, and
 * the delivery must connect to that answer, not to whatever a second lookup
 * returns. Here the relay's resolver says `localhost` is 127.0.0.2, where
 * the receiver listens, while the machine's own resolver says 127.0.0.1 or
 * ::1, where nothing listens on that port: the delivery arrives only if the
 * connection went where the guard looked. (The rebinding case itself — a
 * public answer judged, a private one connected to — is in the unit tests of
 * src/runtime/node-pinned-fetch.ts; nothing here leaves loopback.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { getJson, subscribe } from './helpers/subscriptions';

const JUDGED = '127.0.0.2';
const relay = useTestRelay(
  { SITEWIRE_ALLOW_PRIVATE_TARGETS: 'true', SITEWIRE_RETRY_SCHEDULE: '1h', SITEWIRE_DELIVERY_TIMEOUT_MS: '2000' },
  { resolveHost: async (host) => (host === 'localhost' ? [JUDGED] : []) },
);

let receiver: Server;
const hits: string[] = [];
beforeAll(async () => {
  receiver = createServer((req, res) => {
    hits.push(req.socket.localAddress ?? '');
    res.end('ok');
  });
  await new Promise<void>((r) => receiver.listen(0, JUDGED, r));
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

describe('a delivery on Node', () => {
  it('connects to the address the SSRF guard judged, not to a second lookup', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const sub = await subscribe(relay, { url: `http://localhost:${port}/hook` });
    const test = await getJson(relay, `/v1/subscriptions/${sub.id}/test`, { method: 'POST' });
    expect(test.delivered).toBe(true);
    expect(hits).toEqual([JUDGED]);
  });
});
