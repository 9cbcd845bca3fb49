/**
 * Follows a relay's SSE stream for as long as asked: reconnects after a drop with Last-Event-ID (the id
 * kept as the opaque string received), and a watchdog that reconnects when neither a heartbeat nor an
 * event arrived within three heartbeat intervals (a stream that went silent without closing).
 */
import { sleep } from './sleep';
import { readSse, type SseMessage } from './sse-reader';

export interface StreamOptions {
  url: string;
  token: string;
  /** Resume after this id on the first connection. */
  lastEventId?: string;
  /** The relay's SITEWIRE_SSE_HEARTBEAT_MS: silence for three of them counts as a dead connection. */
  heartbeatMs: number;
  /** Wait before reconnecting after an error (the relay's `retry:` is 2000 ms). */
  reconnectMs?: number;
  signal: AbortSignal;
}

export interface StreamHandlers {
  /** `resumedAfter` is the id the connection resumed after, if any; `first` is the first connection. */
  onOpen(first: boolean, resumedAfter: string | null): void;
  onMessage(m: SseMessage): void;
  /** The connection ended; a new one follows. */
  onLost(reason: string): void;
}

/** Resolves with null when stopped through the signal, or with why the relay refused the stream. */
export async function followStream(o: StreamOptions, h: StreamHandlers): Promise<string | null> {
  let last = o.lastEventId ?? null;
  let first = true;
  const watchdogMs = 3 * o.heartbeatMs;
  while (!o.signal.aborted) {
    const attempt = new AbortController();
    const stop = () => attempt.abort(new Error('stopped'));
    o.signal.addEventListener('abort', stop, { once: true });
    let silent = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        silent = true;
        attempt.abort(new Error('silent'));
      }, watchdogMs);
    };
    let reason: string;
    try {
      arm();
      const headers: Record<string, string> = { authorization: `Bearer ${o.token}`, accept: 'text/event-stream' };
      if (last) headers['last-event-id'] = last;
      const res = await fetch(o.url, { headers, signal: attempt.signal });
      if (res.status >= 500 || res.status === 429) {
        await res.body?.cancel().catch(() => {});
        throw new Error(`${res.status} ${res.statusText}`.trim());
      }
      const type = res.headers.get('content-type') ?? '';
      if (!res.ok || !res.body || !type.startsWith('text/event-stream')) {
        await res.body?.cancel().catch(() => {});
        return res.ok ? `${res.status}, not an event stream` : `${res.status} ${res.statusText}`.trim();
      }
      h.onOpen(first, last);
      first = false;
      // Any bytes, an event or a `: ping` comment, show the connection is alive.
      const watched = res.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            arm();
            controller.enqueue(chunk);
          },
        }),
      );
      for await (const m of readSse(watched)) {
        if (m.id) last = m.id;
        h.onMessage(m);
      }
      reason = 'closed by the relay';
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      reason = silent ? `no heartbeat for ${watchdogMs} ms` : (cause ?? (err as Error).message);
    } finally {
      clearTimeout(timer);
      o.signal.removeEventListener('abort', stop);
    }
    if (o.signal.aborted) break;
    h.onLost(reason);
    // A silent connection is dead already: reconnect at once. Otherwise give the relay a moment.
    if (!silent) await sleep(o.reconnectMs ?? 2000, o.signal);
  }
  return null;
}
