/**
 * A long Last-Event-ID replay to a client that reads steadily but slower than
 * the relay writes: the paced replay keeps the client's queue at the bound the
 * whole time, and a heartbeat on top of it must not count as falling behind.
 * The client gets every event, in order, on one connection.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useTestRelay } from './helpers/relay';
import { postLindo } from './helpers/webhooks';

const EVENTS = 400;
const PAD = 20 * 1024;

const relay = useTestRelay({
  SITEWIRE_SSE_HEARTBEAT_MS: '250',
  SITEWIRE_SSE_MAX_BUFFER_BYTES: String(16 * 1024),
});

/** Reads the stream over raw TCP one chunk at a time, resting between chunks (a steady, slowish reader). */
function pacedReader(url: string, path: string, restMs: number) {
  const u = new URL(url);
  const socket = connect(Number(u.port), u.hostname);
  const state = { closed: false, text: '' };
  socket.setEncoding('latin1');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`);
  socket.on('data', (d: string) => {
    state.text += d;
    socket.pause();
    setTimeout(() => socket.resume(), restMs);
  });
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => {});
  return {
    state,
    ids: () => [...state.text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])),
    destroy: () => socket.destroy(),
  };
}

describe('a long SSE replay', () => {
  it('is paced by a reading client and never cut off at a heartbeat', { timeout: 60_000 }, async () => {
    const pad = 'x'.repeat(PAD);
    for (let i = 1; i <= EVENTS; i++) {
      const raw = `{"event":"client.created","data":{"client_id":"r-${i}","pad":"${pad}"}}`;
      const res = await postLindo(relay.url, null, { raw });
      expect(res.status).toBe(200);
    }
    // ~8 MB at a few MB/s: heartbeats (each 250 ms) land while the queue is full.
    const reader = pacedReader(relay.url, '/v1/stream?last_event_id=0', 10);
    const settled = () => reader.ids().length >= EVENTS || reader.state.closed;
    await expect.poll(settled, { timeout: 50_000, interval: 50 }).toBe(true);
    expect(reader.state.closed).toBe(false);
    expect(reader.ids()).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    reader.destroy();
  });
});
