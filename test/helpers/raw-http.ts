/**
 * HTTP at the framing level (node:http), for what fetch will not send:
 * a Content-Length with no body behind it, a chunked body that never ends,
 * arbitrary methods and headers.
 */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent with its Content-Length. */
  body?: string | Buffer;
  /** Sent chunked (no Content-Length), one write per entry, stopping as soon as the answer arrives. */
  chunks?: Buffer[];
  /** Send only the headers, announcing this Content-Length, and wait for the answer without sending a byte of body. */
  announceLength?: number;
}

export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(r.path, baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
    if (r.announceLength !== undefined) headers['content-length'] = r.announceLength;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: r.method ?? 'GET',
        path: url.pathname + url.search,
        headers,
        agent: false,
      },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString('utf8') });
          req.destroy();
        });
        res.on('error', reject);
      },
    );
    // Once the server has answered, it may close while we are still writing: not an error here.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (r.body !== undefined) req.end(r.body);
    else if (r.chunks) {
      void (async () => {
        for (const chunk of r.chunks!) {
          if (answered || req.destroyed) return;
          if (!req.write(chunk)) await new Promise((ok) => req.once('drain', ok).once('close', ok));
        }
        if (!answered && !req.destroyed) req.end();
      })();
    } else if (r.announceLength !== undefined) req.flushHeaders();
    else req.end();
  });
}
