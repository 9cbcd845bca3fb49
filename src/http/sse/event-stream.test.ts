/**
 * Replay-then-live on a real relay (in-memory SQLite) and a real
 * SseConnection read at a controlled pace: while events keep being written,
 * including enough to overflow the pending list many times, the reader sees
 * every matching sequence once and in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { emptyData } from '../../core/event';
import { silentLogger } from '../../log';
import { createRelay, type Relay } from '../../services/relay';
import { openNodeSqlite, type NodeSqlite } from '../../storage/node-sqlite';
import { SseConnection } from './connection';
import { pipeEvents } from './event-stream';

let db: NodeSqlite | undefined;
afterEach(() => db?.close());

function relayOnMemory(): Relay {
  db = openNodeSqlite(':memory:');
  return createRelay({ config: loadConfig({}), db, logger: silentLogger, runtime: 'node', arm: () => {} });
}

function write(relay: Relay, n: number, type = 'site.complete', provider = 'warpweb') {
  relay.recorder.write((w) => {
    for (let i = 0; i < n; i++) {
      w.emit({
        type,
        subject: `${provider}/site/s${i}`,
        provider,
        time: null,
        data: { ...emptyData(provider, 'webhook'), pad: 'x'.repeat(200) },
      });
    }
  });
}

/** Reads frames off the stream; returns the sequence ids seen so far. */
function reader(conn: SseConnection) {
  const r = conn.stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const ids: number[] = [];
  return {
    ids,
    async readSome(frames: number) {
      while (ids.length < frames) {
        const { value, done } = await r.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const m = /^id: (\d+)$/m.exec(text.slice(0, end));
          if (m) ids.push(Number(m[1]));
          text = text.slice(end + 2);
        }
      }
    },
  };
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('pipeEvents', () => {
  it('replays from the database, paced by the reader, while events keep arriving and overflow the pending list', async () => {
    const relay = relayOnMemory();
    write(relay, 1200);
    const conn = new SseConnection(4096);
    pipeEvents(relay, conn, { filter: {}, scope: null, afterSeq: 100 });
    const r = reader(conn);
    // Read slowly, writing a burst between reads: each burst overflows the 4 KiB pending list.
    for (let round = 0; round < 30; round++) {
      await r.readSome(r.ids.length + 50);
      write(relay, 40);
    }
    const last = relay.store.events.lastSeq();
    expect(last).toBe(1200 + 30 * 40);
    await r.readSome(last - 100);
    expect(conn.isOpen).toBe(true);
    expect(r.ids).toEqual(range(101, last));
    // Live from now on.
    write(relay, 3);
    await r.readSome(last - 100 + 3);
    expect(r.ids.slice(-3)).toEqual(range(last + 1, last + 3));
  });

  it('reads from the database again when the pending list overflows while it is being sent', async () => {
    const relay = relayOnMemory();
    write(relay, 10);
    const frame = relay.store.events.after(0, {}, 1)[0]!.json.length;
    const conn = new SseConnection(Math.floor(frame * 3.5));
    pipeEvents(relay, conn, { filter: {}, scope: null, afterSeq: 0 });
    const r = reader(conn);
    await new Promise((ok) => setImmediate(ok));
    write(relay, 3); // 11-13 wait in the pending list: the reader is slow
    await r.readSome(8);
    await new Promise((ok) => setImmediate(ok));
    // The database is replayed; 11-12 are queued and 13 still pending when a burst overflows the list.
    write(relay, 5); // 14-18: dropped with 13 and read again from the database
    await r.readSome(18);
    expect(r.ids).toEqual(range(1, 18));
  });

  it('applies the filter and the scope to replayed and live events alike', async () => {
    const relay = relayOnMemory();
    write(relay, 5, 'site.complete', 'warpweb'); // 1-5
    write(relay, 5, 'site.complete', 'lindo'); // 6-10
    write(relay, 5, 'form.submitted', 'warpweb'); // 11-15
    const conn = new SseConnection(1 << 20);
    pipeEvents(relay, conn, { filter: { types: ['site.*'] }, scope: { providers: ['warpweb'] }, afterSeq: 2 });
    const r = reader(conn);
    await r.readSome(3);
    write(relay, 2, 'site.complete', 'lindo'); // 16-17
    write(relay, 2, 'site.failed', 'warpweb'); // 18-19
    await r.readSome(5);
    expect(r.ids).toEqual([3, 4, 5, 18, 19]);
  });

  it('sends only live events without a Last-Event-ID', async () => {
    const relay = relayOnMemory();
    write(relay, 10);
    const conn = new SseConnection(1 << 20);
    pipeEvents(relay, conn, { filter: {}, scope: null, afterSeq: null });
    write(relay, 2);
    const r = reader(conn);
    await r.readSome(2);
    expect(r.ids).toEqual([11, 12]);
  });

  it('cuts off a client that does not read live events, and stops listening for it', async () => {
    const relay = relayOnMemory();
    const conn = new SseConnection(4096);
    pipeEvents(relay, conn, { filter: {}, scope: null, afterSeq: null });
    expect(relay.hub.listenerCount()).toBe(1);
    for (let i = 0; i < 30 && conn.isOpen; i++) write(relay, 1);
    expect(conn.isOpen).toBe(false);
    expect(relay.hub.listenerCount()).toBe(0);
  });

  it('never cuts off a replay that the client reads, however long', async () => {
    const relay = relayOnMemory();
    write(relay, 2000);
    const conn = new SseConnection(4096);
    pipeEvents(relay, conn, { filter: {}, scope: null, afterSeq: 0 });
    await new Promise((r) => setTimeout(r, 20));
    write(relay, 500); // the pending list overflows and is dropped, repeatedly
    expect(conn.isOpen).toBe(true);
    const r = reader(conn);
    await r.readSome(2500);
    expect(r.ids).toEqual(range(1, 2500));
  });
});
