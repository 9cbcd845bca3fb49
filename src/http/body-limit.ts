/**
 * 413 payload_too_large for bodies over SITEWIRE_MAX_BODY_BYTES. A declared
 * Content-Length is judged before a byte of the body is read, and a body
 * within it is then left alone: on Node, touching `request.body` early turns a
 * cheap request into a full Web Request with a stream, on every webhook. Only
 * a body without a length (chunked) is read here, and never kept past the
 * limit. The 413 is answered at once, and a refused body is then read to its
 * end and dropped, so the client can finish sending and read the answer: a
 * server that stops reading makes the client's kernel see a reset, and a
 * provider that sees a reset retries forever. (The Node server leaves unread
 * bodies to this; see node.ts.)
 */
import type { MiddlewareHandler } from 'hono';
import { payloadTooLarge } from './errors';
import { readGuarded } from './read-body';

/** Past this many bytes a chunked body stops being read and the connection is dropped (a flood, not a webhook). */
export const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, read: number): Promise<void> {
  try {
    for (let total = read; total <= MAX_DISCARD_BYTES; ) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to answer.
  }
}

export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      const declared = Number(length);
      if (declared <= maxBytes) return next();
      if (declared <= MAX_DISCARD_BYTES && c.req.raw.body) void discardRest(c.req.raw.body.getReader(), 0);
      throw payloadTooLarge(maxBytes);
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.raw.body) return next();
    const reader = c.req.raw.body.getReader();
    const request = c.req.raw;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await readGuarded(request, () => reader.read());
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void discardRest(reader, size);
        throw payloadTooLarge(maxBytes);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body });
    return next();
  };
}
