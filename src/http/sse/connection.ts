/**
 * One SSE client: open -> send -> close. Frames wait in a bounded queue
 * (bytes). Live frames cannot wait, so a client that lets the queue pass the
 * bound is cut off at once, its queue dropped, and resumes later with
 * Last-Event-ID. Replayed frames are paced instead (push after room()), so a
 * long replay never cuts off a client that reads. Memory never grows with a
 * slow reader.
 */
export class SseConnection {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private closed = false;
  private waiters: ((open: boolean) => void)[] = [];
  private closeHandlers: (() => void)[] = [];

  /**
   * @param destroyTransport breaks the underlying connection (Node: the socket); the server then
   *   cancels the stream quietly. Without it an abort errors the stream, which works everywhere.
   */
  constructor(
    readonly maxBufferBytes: number,
    private readonly destroyTransport?: () => void,
  ) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => this.release(true),
        cancel: () => this.finish(),
      },
      { highWaterMark: maxBufferBytes, size: (chunk) => chunk.byteLength },
    );
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
    if ((this.controller.desiredSize ?? 0) < 0) {
      this.abort('client fell behind');
      return false;
    }
    return true;
  }

  /** Queues a paced frame (after room() resolved true): never cuts off; the queue passes the bound by one frame at most. */
  push(frame: Uint8Array): boolean {
    if (this.closed) return false;
    try {
      this.controller.enqueue(frame);
      return true;
    } catch {
      this.finish();
      return false;
    }
  }

  /** Resolves when the queue has room again (true), or the client is gone (false). */
  room(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if ((this.controller.desiredSize ?? 0) > 0) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends the stream after what is queued. */
  close(): void {
    if (this.closed) return;
    try {
      this.controller.close();
    } catch {
      // already closed by the reader
    }
    this.finish();
  }

  /** Drops what is queued and breaks the connection. */
  abort(reason: string): void {
    if (this.closed) return;
    let destroyed = false;
    if (this.destroyTransport) {
      try {
        this.destroyTransport();
        destroyed = true;
      } catch {
        // fall back to erroring the stream
      }
    }
    if (!destroyed) {
      try {
        this.controller.error(new Error(reason));
      } catch {
        // already errored
      }
    }
    this.finish();
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
