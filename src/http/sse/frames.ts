/** SSE wire frames. An event's frame is encoded once and shared by every stream that sends it. */
import { utf8 } from '../../core/bytes';
import type { StoredEvent } from '../../core/event';
import { formatSequence } from '../../core/sequence';

export const RETRY_MS = 2000;
export const RETRY_FRAME = utf8(`retry: ${RETRY_MS}\n\n`);
export const PING_FRAME = utf8(': ping\n\n');

const cache = new WeakMap<StoredEvent, Uint8Array>();

/** `id: <sequence>`, `event: <type>`, one-line `data: <event JSON>`. */
export function frameOf(e: StoredEvent): Uint8Array {
  let frame = cache.get(e);
  if (!frame) {
    // A line break in the name would end the field early (types are made safe where they come in;
    // this guards what an older database may hold). The data is JSON: it has none.
    frame = utf8(`id: ${formatSequence(e.seq)}\nevent: ${e.type.replace(/[\r\n]/g, '_')}\ndata: ${e.json}\n\n`);
    cache.set(e, frame);
  }
  return frame;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Also written by runtimes that send headers straight to the socket (see stream-cors.ts).
  'access-control-allow-origin': '*',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;
