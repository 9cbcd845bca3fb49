/** The portable sink: a ReadableStream whose queue is counted in bytes (works on Node and workerd). */
import type { SseSink } from './sink';

export class WebStreamSink implements SseSink {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private drainers: (() => void)[] = [];
  private goners: (() => void)[] = [];

  constructor(private readonly highWaterMark: number) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => this.notify('drainers'),
        cancel: () => this.notify('goners'),
      },
      { highWaterMark, size: (chunk) => chunk.byteLength },
    );
  }

  write(frame: Uint8Array): void {
    this.controller.enqueue(frame);
  }

  get unsentBytes(): number {
    return this.highWaterMark - (this.controller.desiredSize ?? 0);
  }

  hasRoom(bound: number): boolean {
    return this.unsentBytes < bound;
  }

  onDrain(fn: () => void): void {
    this.drainers.push(fn);
  }

  end(): void {
    try {
      this.controller.close();
    } catch {
      // already closed by the reader
    }
  }

  /** workerd notices a gone client only when a write fails; erroring the stream is the portable way to cut one off. */
  destroy(reason: string): void {
    try {
      this.controller.error(new Error(reason));
    } catch {
      // already errored
    }
  }

  onGone(fn: () => void): void {
    this.goners.push(fn);
  }

  private notify(which: 'drainers' | 'goners'): void {
    const fns = this[which];
    this[which] = [];
    for (const fn of fns) fn();
  }
}
