/**
 * The Node server's own limits: slow-header (slowloris) connections are
 * closed after SITEWIRE_HEADERS_TIMEOUT_MS while /healthz stays answered,
 * and connections past SITEWIRE_MAX_CONNECTIONS are closed at once.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from './helpers/relay';

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/** A connection that sends a request line and then one header byte at a time, never finishing the headers. */
function trickle(url: string) {
  const u = new URL(url);
  const socket: Socket = connect(Number(u.port), u.hostname);
  const state = { closed: false };
  socket.on('error', () => {});
  socket.on('close', () => {
    state.closed = true;
    clearInterval(timer);
  });
  socket.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\nX-Slow: `);
  const timer = setInterval(() => socket.write('a'), 100);
  return { state, destroy: () => socket.destroy() };
}

describe('Node server limits', () => {
  it('closes slow-header connections after their timeout, answering /healthz', { timeout: 30_000 }, async () => {
    relay = await startTestRelay({ SITEWIRE_HEADERS_TIMEOUT_MS: '1000', SITEWIRE_REQUEST_TIMEOUT_MS: '2000' });
    const slow = Array.from({ length: 200 }, () => trickle(relay!.url));
    await new Promise((r) => setTimeout(r, 300));
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    // Open well past their own pace (one byte per 100 ms forever): only the server's timeout ends them.
    await expect.poll(() => slow.filter((s) => s.state.closed).length, { timeout: 15_000, interval: 100 }).toBe(200);
    for (const s of slow) s.destroy();
  });

  it('closes connections past the cap at once and serves again when they go', async () => {
    relay = await startTestRelay({ SITEWIRE_MAX_CONNECTIONS: '3' });
    const held = Array.from({ length: 3 }, () => trickle(relay!.url));
    await new Promise((r) => setTimeout(r, 200));
    const extra = trickle(relay.url);
    await expect.poll(() => extra.state.closed).toBe(true);
    expect(held.map((s) => s.state.closed)).toEqual([false, false, false]);
    for (const s of held) s.destroy();
    await expect.poll(async () => (await fetch(`${relay!.url}/healthz`)).status).toBe(200);
  });
});
