import { describe, expect, it } from 'vitest';
import { createSseRegistry } from './registry';
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
