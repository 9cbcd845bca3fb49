/**
 * The API reads every request body as JSON, whatever Content-Type the client
 * sent (curl -d sends form encoding): a body that is not JSON is then a clear
 * 400 invalid_json rather than a confusing schema error. An empty body
 * (Content-Length: 0, as `fetch(url, {method: 'POST'})` sends) stays no body,
 * so routes whose body is optional take it as `{}`.
 */
import type { MiddlewareHandler } from 'hono';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

export function jsonBodies(): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    const type = raw.headers.get('content-type');
    const empty = raw.headers.get('content-length') === '0';
    if (raw.body && (empty ? type !== null : !JSON_TYPE.test(type ?? ''))) {
      const headers = new Headers(raw.headers);
      if (empty) headers.delete('content-type');
      else headers.set('content-type', 'application/json');
      c.req.raw = new Request(raw, { headers });
    }
    return next();
  };
}
