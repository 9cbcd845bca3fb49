/**
 * The API reads every request body as JSON, whatever Content-Type the client
 * sent (curl -d sends form encoding): a body that is not JSON is then a clear
 * 400 invalid_json rather than a confusing schema error. JSON nested past
 * MAX_JSON_DEPTH is refused before any route stores it.
 */
import type { MiddlewareHandler } from 'hono';
import { jsonDepthExceeds, tooDeep } from '../core/json-depth';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

export function jsonBodies(): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    if (raw.body && !JSON_TYPE.test(raw.headers.get('content-type') ?? '')) {
      const headers = new Headers(raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(raw, { headers });
    }
    // Read once (Hono caches it for the validator); nesting that cannot be stored again is refused.
    if (c.req.raw.body && jsonDepthExceeds(await c.req.text())) throw tooDeep();
    return next();
  };
}
