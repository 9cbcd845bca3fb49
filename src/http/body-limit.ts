/**
 * 413 payload_too_large for bodies over SITEWIRE_MAX_BODY_BYTES. A declared
 * Content-Length is judged before a byte of the body is read, and the body is
 * then left alone: on Node, touching `request.body` early turns a cheap
 * request into a full Web Request with a stream, on every webhook. Only a body
 * without a length (chunked) is read here, and never past the limit.
 */
import type { MiddlewareHandler } from 'hono';
import { payloadTooLarge } from './errors';

export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxBytes) throw payloadTooLarge(maxBytes);
      return next();
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.raw.body) return next();
    const reader = c.req.raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      // The rest is left unread; the server drains or drops it after the answer.
      if (size > maxBytes) throw payloadTooLarge(maxBytes);
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
