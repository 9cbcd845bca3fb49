/**
 * The Node SSE sink: frames are written straight to the ServerResponse that
 * @hono/node-server puts in c.env, instead of through a Web ReadableStream
 * (one socket write per frame, no promise per frame), and the route returns
 * node-server's "already sent" response. A cut-off client's socket is
 * destroyed at once.
 */
import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { OpenSink, SseSink } from '../http/sse/sink';

export function nodeSseSink(c: Context): OpenSink | undefined {
  const res = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!res || res.headersSent || typeof res.writeHead !== 'function') return undefined;
  return (headers) => {
    res.writeHead(200, headers);
    res.flushHeaders();
    const sink: SseSink = {
      write: (frame) => void res.write(frame),
      // What Node holds in the response and its socket: bytes the kernel has not taken.
      get unsentBytes() {
        return res.writableLength;
      },
      // Below the bound, or Node does not consider the socket full (then no 'drain' would come).
      hasRoom: (bound) => res.writableLength < bound || !res.writableNeedDrain,
      onDrain: (fn) => void res.once('drain', fn),
      end: () => void res.end(),
      destroy: () => void res.destroy(),
      onGone: (fn) => void res.once('close', fn),
    };
    // node-server's own marker (a native Response, which its fast path for plain bodies never takes).
    return { sink, response: RESPONSE_ALREADY_SENT };
  };
}
