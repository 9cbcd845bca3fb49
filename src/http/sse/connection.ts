/**
 * One SSE client: open -> send -> close. Frames wait in a bounded queue
 * (bytes); a client that lets it overflow is cut off at once, its queue
 * dropped, and resumes later with Last-Event-ID. Memory never grows with a
 * slow reader.
 */
export class SseConnection {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private closed = false;
  private waiters: ((open: boolean) => void)[] = [];
  private closeHandlers: (() => void)[] = [];

  constructor(readonly maxBufferBytes: number) {
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

  /** Queues a frame; false when the client is gone or has just been cut off for falling behind. */
  send(frame: Uint8Array): boolean {
    if (this.closed) return false;
    try {
      this.controller.enqueue(frame);
    } catch {
      this.finish();
      return false;
    }
    if ((this.controller.desiredSize ?? 0) < 0) {
      this.abort('client fell behind');
      return false;
    }
    return true;
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
    try {
      this.controller.error(new Error(reason));
    } catch {
      // already errored
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
