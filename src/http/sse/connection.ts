/**
 * One SSE client: open -> send -> close, over a sink (a byte queue the
 * runtime drains to the network). Live frames cannot wait, so a client that
 * lets the queue pass the bound is cut off at once, its queue dropped, and
 * resumes later with Last-Event-ID. Replayed frames are paced instead (push
 * after room()), so a long replay never cuts off a client that reads: the
 * heartbeat is skipped while bytes are pending, and only a full queue that
 * has not moved for STUCK_BEATS heartbeats is taken for a stuck client.
 * Memory never grows with a slow reader.
 */
import type { SseSink } from './sink';
import { WebStreamSink } from './web-stream-sink';

/**
 * Kernel socket buffers (megabytes on loopback) hide a reader's progress from the relay for as long as
 * they take to drain, so one quiet interval proves nothing; several do.
 */
export const STUCK_BEATS = 4;

/** Told why and with how many bytes unread a client was cut off. */
export type OnCutOff = (reason: string, unsentBytes: number) => void;

export class SseConnection {
  readonly sink: SseSink;
  private closed = false;
  private writes = 0;
  private atLastBeat = { unsent: 0, writes: 0 };
  private quietBeats = 0;
  private waiters: ((open: boolean) => void)[] = [];
  private closeHandlers: (() => void)[] = [];

  /** Without a sink, frames go to a Web ReadableStream (`stream`). */
  constructor(
    readonly maxBufferBytes: number,
    sink?: SseSink,
    private readonly onCutOff?: OnCutOff,
  ) {
    this.sink = sink ?? new WebStreamSink(maxBufferBytes);
    this.sink.onGone(() => this.finish());
  }

  /** The response body, when the connection uses the default Web stream sink. */
  get stream(): ReadableStream<Uint8Array> {
    if (this.sink instanceof WebStreamSink) return this.sink.stream;
    throw new Error('this SSE connection writes to its own transport');
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeHandlers.push(fn);
  }

  /** Queues a live frame; false when the client is gone or has just been cut off for falling behind. */
  send(frame: Uint8Array): boolean {
    if (!this.push(frame)) return false;
    if (this.sink.unsentBytes > this.maxBufferBytes) {
      this.cutOff('client fell behind');
      return false;
    }
    return true;
  }

  /**
   * A keep-alive frame, which also reveals a gone client on workerd. Pending bytes already keep the
   * connection busy, so the heartbeat is skipped then and never pushes a reading client past the
   * bound. A full queue that has not moved (nothing taken, nothing written) for STUCK_BEATS beats is
   * a stuck client: it is cut off.
   */
  heartbeat(frame: Uint8Array): void {
    const unsent = this.sink.unsentBytes;
    const quiet = unsent > 0 && unsent === this.atLastBeat.unsent && this.writes === this.atLastBeat.writes;
    this.quietBeats = quiet ? this.quietBeats + 1 : 0;
    this.atLastBeat = { unsent, writes: this.writes };
    if (unsent === 0) this.send(frame);
    else if (this.quietBeats >= STUCK_BEATS && unsent >= this.maxBufferBytes) this.cutOff('client stopped reading');
  }

  /** Queues a paced frame (after room() resolved true): never cuts off. */
  push(frame: Uint8Array): boolean {
    if (this.closed) return false;
    try {
      this.writes += 1;
      this.sink.write(frame);
      return true;
    } catch {
      this.finish();
      return false;
    }
  }

  /** Resolves when the queue has room again (true), or the client is gone (false). */
  room(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.sink.hasRoom(this.maxBufferBytes)) return Promise.resolve(true);
    if (this.waiters.length === 0) this.sink.onDrain(() => this.release(true));
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends the stream after what is queued. */
  close(): void {
    if (this.closed) return;
    this.sink.end();
    this.finish();
  }

  /** Drops what is queued and breaks the connection. */
  abort(reason: string): void {
    if (this.closed) return;
    this.sink.destroy(reason);
    this.finish();
  }

  private cutOff(reason: string): void {
    this.onCutOff?.(reason, this.sink.unsentBytes);
    this.abort(reason);
  }

  private release(open: boolean): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w(open);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.release(false);
    for (const fn of this.closeHandlers.splice(0)) fn();
  }
}
