/**
 * The API reads every request body as JSON, whatever Content-Type the client
 * sent (curl -d sends form encoding): a body that is not JSON is then a clear
 * 400 invalid_json rather than a confusing schema error. An empty body
 * (Content-Length: 0, as `fetch(url, {method: 'POST'})` sends) stays no body,
 * so routes whose body is optional take it as `{}`. JSON nested past
 * MAX_JSON_DEPTH is refused before any route stores it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { jsonDepthExceeds, tooDeep } from '../core/json-depth';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

/** From the headers when they tell: touching `request.body` on Node builds a full Web Request (see body-limit.ts). */
function hasBody(c: Context): boolean {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return false;
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) return length !== '0';
  return c.req.raw.body !== null;
}

/** The request as one with no body and no Content-Type, so an optional body is `{}` and a required one is missing. */
function withoutBody(c: Context): void {
  const headers = new Headers(c.req.raw.headers);
  headers.delete('content-type');
  c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, signal: c.req.raw.signal });
}

export function jsonBodies(): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    if (!hasBody(c)) {
      if (c.req.header('content-length') === '0' && c.req.header('content-type') !== undefined) withoutBody(c);
      return next();
    }
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      const headers = new Headers(raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(raw, { headers });
    }
    // Read once (Hono caches it for the validator); nesting that cannot be stored again is refused.
    const text = await c.req.text();
    // No length and nothing sent (curl -X POST; Node gives every POST a body stream): no body either.
    if (text === '') withoutBody(c);
    else if (jsonDepthExceeds(text)) throw tooDeep();
    return next();
  };
}
