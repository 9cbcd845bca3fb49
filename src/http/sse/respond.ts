/** Opens an SSE response on a registry connection and pipes events into it. */
import { invalidRequest } from '../../core/errors';
import { sequenceParam } from '../schemas';
import { pipeEvents, type EventStreamOptions, type StreamSource } from './event-stream';
import { handOffPlan } from './hand-off';
import { RETRY_FRAME, SSE_HEADERS } from './frames';
import type { SseRegistry } from './registry';
import type { OpenSink } from './sink';

/**
 * The Last-Event-ID header wins over the query parameter (EventSource sends the
 * header on reconnect); anything but a sequence number is a 400.
 */
export function lastEventId(header: string | undefined, query: number | undefined): number | null {
  if (header === undefined || header.trim() === '') return query ?? null;
  const parsed = sequenceParam.safeParse(header.trim());
  if (!parsed.success)
    throw invalidRequest([{ path: ['Last-Event-ID'], message: 'expected an event sequence number' }]);
  return parsed.data;
}

/**
 * @param openSink the runtime's own sink for this request, when it has one (see SseSink); else a Web stream.
 * A registry that hands streams off (Workers: fan-out objects hold them) answers with the stream's plan instead.
 */
export function openSse(
  relay: StreamSource,
  sse: SseRegistry,
  opts: EventStreamOptions,
  first: Uint8Array[] = [],
  openSink?: OpenSink,
): Response {
  if (sse.handOff) return sse.handOff(handOffPlan(opts, first, relay.store.events.lastSeq()));
  const own = openSink?.(SSE_HEADERS);
  const conn = sse.open(own?.sink);
  conn.send(RETRY_FRAME);
  for (const frame of first) conn.send(frame);
  if (opts.endsAt != null) {
    const timer = setTimeout(() => conn.close(), Math.max(0, opts.endsAt - relay.now()));
    conn.onClose(() => clearTimeout(timer));
  }
  pipeEvents(relay, conn, opts);
  return own?.response ?? new Response(conn.stream, { status: 200, headers: SSE_HEADERS });
}
