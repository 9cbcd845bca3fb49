/** All open SSE connections, and the one heartbeat timer they share. */
import type { Logger } from '../../log';
import { SseConnection } from './connection';
import { PING_FRAME } from './frames';
import type { StreamHandOff } from './hand-off';
import type { SseSink } from './sink';

export function createSseRegistry(opts: {
  heartbeatMs: number;
  maxBufferBytes: number;
  logger?: Logger;
  /** Streams are held elsewhere (Workers: fan-out objects); routes answer with the plan instead. */
  handOff?: StreamHandOff;
}) {
  const open = new Set<SseConnection>();
  let timer: ReturnType<typeof setInterval> | null = null;

  const beat = () => {
    // A failed write is how a gone client is noticed on workerd.
    for (const c of open) c.heartbeat(PING_FRAME);
  };
  const cutOff = (reason: string, unsentBytes: number) =>
    opts.logger?.warn('sse client disconnected', { reason, unsentBytes, maxBufferBytes: opts.maxBufferBytes });

  return {
    handOff: opts.handOff,
    /** @param sink where the frames go (default: a Web ReadableStream, `conn.stream`). */
    open(sink?: SseSink): SseConnection {
      const conn = new SseConnection(opts.maxBufferBytes, sink, cutOff);
      open.add(conn);
      timer ??= setInterval(beat, opts.heartbeatMs);
      conn.onClose(() => {
        open.delete(conn);
        if (open.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      });
      return conn;
    },
    get size(): number {
      return open.size;
    },
    closeAll(): void {
      for (const c of open) c.close();
    },
  };
}

export type SseRegistry = ReturnType<typeof createSseRegistry>;
