import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../log';
import { createSseRegistry } from './registry';
import type { SseSink } from './sink';
import { WebStreamSink } from './web-stream-sink';

describe('SSE registry', () => {
  it('pings every open connection on one timer, and stops it when none is left', async () => {
    const sse = createSseRegistry({ heartbeatMs: 10, maxBufferBytes: 4096 });
    const a = sse.open();
    const b = sse.open();
    expect(sse.size).toBe(2);
    const text = new TextDecoder().decode((await a.stream.getReader().read()).value);
    expect(text).toBe(': ping\n\n');
    a.close();
    b.close();
    expect(sse.size).toBe(0);
  });

  it('cuts off, at a heartbeat, a client whose paced queue is full (a stuck reader in a replay)', async () => {
    const sse = createSseRegistry({ heartbeatMs: 10, maxBufferBytes: 4096 });
    const conn = sse.open();
    conn.push(new Uint8Array(4096));
    await expect.poll(() => conn.isOpen).toBe(false);
    expect(sse.size).toBe(0);
  });

  it('never cuts off, at a heartbeat, a replaying client that keeps reading', () => {
    vi.useFakeTimers();
    try {
      const sse = createSseRegistry({ heartbeatMs: 10, maxBufferBytes: 4096 });
      let unsent = 0;
      const sink: SseSink = {
        write: (f) => void (unsent += f.byteLength),
        get unsentBytes() {
          return unsent;
        },
        hasRoom: (bound) => unsent < bound,
        onDrain: () => {},
        end: () => {},
        destroy: () => {},
        onGone: () => {},
      };
      const conn = sse.open(sink);
      for (let beat = 0; beat < 5; beat++) {
        // The reader takes some; the paced replay refills the queue to the bound at once; then the heartbeat comes.
        unsent = Math.max(0, unsent - 1000);
        conn.push(new Uint8Array(4096 - unsent));
        vi.advanceTimersByTime(10);
        expect(conn.isOpen).toBe(true);
      }
      conn.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs the client it cuts off', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    const sse = createSseRegistry({ heartbeatMs: 1000, maxBufferBytes: 16, logger });
    sse.open().send(new Uint8Array(17));
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'sse client disconnected',
        reason: 'client fell behind',
        unsentBytes: 17,
      }),
    ]);
  });

  it('opens connections on the sink it is given', () => {
    const sse = createSseRegistry({ heartbeatMs: 1000, maxBufferBytes: 16 });
    const sink = new WebStreamSink(16);
    const conn = sse.open(sink);
    expect(conn.sink).toBe(sink);
    expect(conn.stream).toBe(sink.stream);
    conn.send(new Uint8Array(17));
    expect(sse.size).toBe(0);
  });
});
