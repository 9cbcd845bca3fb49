/**
 * DNS rebinding on Node: the SSRF guard judges a host by its DNS answer, and
 * the delivery must connect to that answer, not to whatever a second lookup
 * returns. Here the guard's resolver says `localhost` is a public address
 * while the machine's own resolver says loopback: a receiver on loopback must
 * never be reached.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { getJson, subscribe } from './helpers/subscriptions';

const relay = useTestRelay(
  { SITEWIRE_ALLOW_PRIVATE_TARGETS: 'false', SITEWIRE_RETRY_SCHEDULE: '1h', SITEWIRE_DELIVERY_TIMEOUT_MS: '1000' },
  { resolveHost: async (host) => (host === 'localhost' ? ['93.184.216.34'] : []) },
);

let receiver: Server;
let hits = 0;
beforeAll(async () => {
  receiver = createServer((_req, res) => {
    hits += 1;
    res.end('ok');
  });
  // Both families, so the machine's resolver reaches it whichever address it gives first.
  await new Promise<void>((r) => receiver.listen(0, '::', r));
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

describe('a delivery on Node', () => {
  it('connects only to the address the SSRF guard judged', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const sub = await subscribe(relay, { url: `http://localhost:${port}/hook` });
    const test = await getJson(relay, `/v1/subscriptions/${sub.id}/test`, { method: 'POST' });
    expect(test.delivered).toBe(false);
    expect(hits).toBe(0);
  });
});
