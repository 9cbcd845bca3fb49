import { describe, expect, it } from 'vitest';
import { SseConnection } from './connection';
import type { SseSink } from './sink';

const bytes = (n: number) => new Uint8Array(n);

/** A sink whose network takes bytes when the test says so. */
function fakeSink() {
  let unsent = 0;
  let drainers: (() => void)[] = [];
  let goners: (() => void)[] = [];
  const state = { destroyed: 0 };
  const sink: SseSink = {
    write: (f) => void (unsent += f.byteLength),
    get unsentBytes() {
      return unsent;
    },
    hasRoom: (bound) => unsent < bound,
    onDrain: (fn) => void drainers.push(fn),
    end: () => {},
    destroy: () => void (state.destroyed += 1),
    onGone: (fn) => void goners.push(fn),
  };
  return {
    sink,
    get destroyed() {
      return state.destroyed;
    },
    take(n: number) {
      unsent -= n;
      const fns = drainers;
      drainers = [];
      for (const fn of fns) fn();
    },
    gone() {
      const fns = goners;
      goners = [];
      for (const fn of fns) fn();
    },
  };
}

describe('SseConnection', () => {
  it('queues live frames up to the bound and cuts the client off past it', () => {
    const conn = new SseConnection(100);
    let closed = 0;
    conn.onClose(() => closed++);
    expect(conn.send(bytes(60))).toBe(true);
    expect(conn.send(bytes(40))).toBe(true);
    expect(conn.send(bytes(1))).toBe(false);
    expect(conn.isOpen).toBe(false);
    expect(closed).toBe(1);
    expect(conn.send(bytes(1))).toBe(false);
  });

  it('errors the stream when it cuts off without a transport to destroy', async () => {
    const conn = new SseConnection(10);
    conn.send(bytes(11));
    await expect(conn.stream.getReader().read()).rejects.toThrow('client fell behind');
  });

  it('works over any sink: counts its unsent bytes, waits for its drain, destroys it once', async () => {
    const s = fakeSink();
    const conn = new SseConnection(10, s.sink);
    expect(conn.send(bytes(6))).toBe(true);
    expect(conn.push(bytes(6))).toBe(true); // paced: may pass the bound by one frame
    let room: boolean | undefined;
    void conn.room().then((r) => (room = r));
    await Promise.resolve();
    expect(room).toBeUndefined();
    s.take(12);
    await Promise.resolve();
    expect(room).toBe(true);
    expect(conn.send(bytes(11))).toBe(false);
    expect(s.destroyed).toBe(1);
    expect(conn.isOpen).toBe(false);
    conn.abort('again');
    expect(s.destroyed).toBe(1);
  });

  it('closes when its sink reports the client gone', () => {
    const s = fakeSink();
    const conn = new SseConnection(10, s.sink);
    let closed = false;
    conn.onClose(() => (closed = true));
    s.gone();
    expect(closed).toBe(true);
    expect(conn.send(bytes(1))).toBe(false);
  });

  it('paces pushed frames: room() waits until the reader takes some', async () => {
    const conn = new SseConnection(100);
    expect(conn.push(bytes(150))).toBe(true); // a paced frame may pass the bound once
    expect(conn.isOpen).toBe(true);
    let room: boolean | undefined;
    void conn.room().then((r) => (room = r));
    await Promise.resolve();
    expect(room).toBeUndefined();
    const reader = conn.stream.getReader();
    expect((await reader.read()).value).toHaveLength(150);
    await Promise.resolve();
    expect(room).toBe(true);
  });

  it('releases room() waiters with false when the client goes away', async () => {
    const conn = new SseConnection(10);
    conn.push(bytes(20));
    const room = conn.room();
    await conn.stream.cancel();
    expect(await room).toBe(false);
    expect(conn.isOpen).toBe(false);
  });

  it('closes after what is queued', async () => {
    const conn = new SseConnection(100);
    conn.send(bytes(5));
    conn.close();
    const reader = conn.stream.getReader();
    expect((await reader.read()).value).toHaveLength(5);
    expect((await reader.read()).done).toBe(true);
    let called = false;
    conn.onClose(() => (called = true));
    expect(called).toBe(true);
  });
});
