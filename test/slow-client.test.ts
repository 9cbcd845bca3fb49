/**
 * A slow SSE client (docs/api.md#streams): raw TCP clients that ask for the stream and
 * never read are cut off once they fall more than
 * SITEWIRE_SSE_MAX_BUFFER_BYTES behind, having been sent only a fraction of
 * what they failed to read, and a normal listener keeps receiving. What the
 * relay's memory does meanwhile is a figure, not a test:
 * bench/slow-client-memory.ts prints it (bench/RESULTS.md).
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { ADMIN_TOKEN, useTestRelay } from './helpers/relay';
import { listen } from './helpers/sse';
import { postLindo, postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const MB = 1024 * 1024;
const STUCK_CLIENTS = 4;
const BIG_EVENTS = 100;
const PAD = 2 * MB;

const relay = useTestRelay({
  SITEWIRE_SSE_MAX_BUFFER_BYTES: String(64 * 1024),
  SITEWIRE_MAX_BODY_BYTES: String(4 * MB),
});

/** Opens the stream over raw TCP and never reads from it; records when the server closes it. */
function stuckClient(url: string) {
  const u = new URL(url);
  const socket: Socket = connect(Number(u.port), u.hostname);
  socket.pause();
  const state = { closed: false, bytes: 0 };
  socket.write(
    `GET /v1/stream HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => {});
  return {
    state,
    /** Starts reading: whatever the kernel kept is drained, and a closed connection then ends. */
    drain() {
      socket.on('data', (d: Buffer) => (state.bytes += d.length));
      socket.resume();
    },
    destroy: () => socket.destroy(),
  };
}

/** Open SSE connections, as the relay counts them. */
async function sseClients(url: string): Promise<number | undefined> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return sampleValue(parseExposition(await res.text()), 'sitewire_sse_clients');
}

describe('a slow SSE client', () => {
  // ~200 MB through the relay: generous room for a loaded machine (no time is asserted).
  it('is cut off, is sent only a fraction of what it missed, and does not hold up a normal listener', {
    timeout: 120_000,
  }, async () => {
    // The normal listener follows one resource: small events, interleaved with the big ones it does not ask for.
    const normal = listen(`${relay.url}/v1/stream?resources=warpweb/site/normal`, {
      token: ADMIN_TOKEN,
      types: ['site.progress'],
    });
    await normal.opened;
    const pad = 'x'.repeat(PAD);
    let n = 0;
    const post = async (big: number) => {
      for (let i = 0; i < big; i++) {
        n += 1;
        // A pass-through event: stored once, no resource state, so the volume costs little to ingest.
        const res = await postLindo(relay.url, null, {
          raw: `{"event":"client.created","data":{"client_id":"big-${n}","pad":"${pad}"}}`,
        });
        expect(res.status).toBe(200);
        const small = await postWarpweb(
          relay.url,
          warpwebEnvelope('site.research_ready', 'normal', { message: `step ${n}` }),
        );
        expect(small.status).toBe(200);
      }
    };

    // Warm up (JIT, SQLite cache, heap) with the same traffic, then take the baseline.
    await post(20);
    await expect.poll(() => normal.messages.length, { timeout: 20_000 }).toBe(20);

    const stuck = Array.from({ length: STUCK_CLIENTS }, () => stuckClient(relay.url));
    // The server has taken the connections once it counts them (the normal listener is the one more).
    await expect.poll(() => sseClients(relay.url), { timeout: 20_000 }).toBe(1 + STUCK_CLIENTS);

    for (let i = 0; i < BIG_EVENTS; i += 10) await post(10);
    await expect.poll(() => normal.messages.length, { timeout: 30_000 }).toBe(20 + BIG_EVENTS);

    // What the stuck clients failed to read: every big frame since they connected.
    const unread = BIG_EVENTS * PAD;

    // The server closed every stuck connection: reading now drains what the kernel kept, then ends.
    for (const c of stuck) c.drain();
    await expect.poll(() => stuck.filter((c) => c.state.closed).length, { timeout: 20_000 }).toBe(STUCK_CLIENTS);
    for (const c of stuck) expect(c.state.bytes).toBeLessThan(unread / 4);

    // The normal listener got each of its events, in order, on one connection.
    expect(normal.errors).toBe(0);
    expect(normal.messages.map((m) => m.event.data.message)).toEqual(
      Array.from({ length: n }, (_, i) => `step ${i + 1}`),
    );
    normal.close();

    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
