/**
 * Counts refused provider webhooks by provider and reason (the error code).
 * Registered before the body limit, so a 413 is counted too. In memory: a
 * flood of forged requests must not cost a database write each.
 */
import type { MiddlewareHandler } from 'hono';
import { isCodedError } from '../../core/errors';
import { memoryCounter } from '../../core/memory-counter';
import { PROVIDER_NAMES } from '../../providers';

export function ingestRejections() {
  const counter = memoryCounter(
    'sitewire_ingest_rejections_total',
    'Provider webhooks refused, by provider and reason (error code); resets on restart.',
  );
  const middleware: MiddlewareHandler = async (c, next) => {
    await next();
    const status = c.res.status;
    if (status < 400) return;
    const name = c.req.path.split('/')[2] ?? '';
    const provider = PROVIDER_NAMES.includes(name) ? name : 'unknown';
    const byStatus = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : `http_${status}`;
    const reason = isCodedError(c.error) ? c.error.code : byStatus;
    counter.inc({ provider, reason });
  };
  return { middleware, collect: counter.collect };
}
