/** Opens an SSE response on a registry connection and pipes events into it. */
import { invalidRequest } from '../../core/errors';
import type { Relay } from '../../services/relay';
import { sequenceParam } from '../schemas';
import { pipeEvents, type EventStreamOptions } from './event-stream';
import { RETRY_FRAME, SSE_HEADERS } from './frames';
import type { SseRegistry } from './registry';

/**
 * The Last-Event-ID header wins over the query parameter (EventSource sends the
 * header on reconnect); anything but a sequence number is a 400.
 */
export function lastEventId(header: string | undefined, query: number | undefined): number | null {
  if (header === undefined || header.trim() === '') return query ?? null;
  const parsed = sequenceParam.safeParse(header.trim());
  if (!parsed.success) throw invalidRequest([{ path: ['Last-Event-ID'], message: 'expected an event sequence number' }]);
  return parsed.data;
}

/** @param destroyTransport the runtime's way to break this client's connection (optional; see SseConnection). */
export function openSse(
  relay: Relay,
  sse: SseRegistry,
  opts: EventStreamOptions,
  first: Uint8Array[] = [],
  destroyTransport?: () => void,
): Response {
  const conn = sse.open(destroyTransport);
  conn.send(RETRY_FRAME);
  for (const frame of first) conn.send(frame);
  pipeEvents(relay, conn, opts);
  return new Response(conn.stream, { status: 200, headers: SSE_HEADERS });
}
