/**
 * CORS for the two stream routes. Stream tokens exist so that browser pages
 * can use EventSource, and such a page is usually on the customer's own
 * origin: without `Access-Control-Allow-Origin` the browser reads nothing,
 * not even the 204 or 401 that tell EventSource to stop, and retries for ever.
 * Any origin is allowed: the credential travels in the URL (no cookies), so
 * a page can read only what a token it was given allows. Other routes send no
 * CORS headers: they take the admin token, which never belongs in a browser
 * page of another origin.
 */
import type { MiddlewareHandler } from 'hono';

export const STREAM_CORS_HEADERS = { 'access-control-allow-origin': '*' } as const;

export function streamCors(isStreamRoute: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (!isStreamRoute(c.req.path)) return next();
    // A preflight (a page adding Last-Event-ID itself): GET with that header only.
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      return c.body(null, 204, {
        ...STREAM_CORS_HEADERS,
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'Last-Event-ID, Cache-Control',
        'access-control-max-age': '86400',
      });
    }
    // Errors (401, 400) and the 204 too: EventSource must be able to read them to stop. Set before the
    // route runs, so answers made with c.json/c.body carry it; the streams themselves carry it in
    // SSE_HEADERS (a runtime may write those to the socket itself).
    c.header('access-control-allow-origin', '*');
    return next();
  };
}
