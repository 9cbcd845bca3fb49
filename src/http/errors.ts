/** Every failure in the JSON error shape of docs/api.md#errors, rendered here; statuses from error-status.ts. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, errorBody, invalidJson, invalidRequest, isCodedError, type CodedError } from '../core/errors';
import type { Logger } from '../log';
import { statusOf } from './error-status';
import { clientAborted, isClientAbort } from './read-body';

export const payloadTooLarge = (limit: number) =>
  new AppError('payload_too_large', `The request body is larger than ${limit} bytes.`);

export interface RenderOptions {
  /** Only for an HTTP exception from the framework, which comes with its own status. */
  status?: ContentfulStatusCode;
  headers?: Record<string, string>;
}

/** The status and JSON body of an error: the one mapping every error answer goes through. */
export function renderError(err: CodedError, opts: RenderOptions = {}) {
  return { status: opts.status ?? statusOf(err.code), body: errorBody(err), headers: opts.headers };
}

export function errorResponse(c: Context, err: CodedError, opts?: RenderOptions): Response {
  const { status, body, headers } = renderError(err, opts);
  // Every 401 says how to authenticate (RFC 7235, RFC 6750): the route's challenge, else /v1's bearer one.
  const all: Record<string, string> = { ...headers };
  if (status === 401) all['www-authenticate'] = c.get('challenge') ?? 'Bearer realm="sitewire"';
  return c.json(body, status, all);
}

/** The same answer outside a Hono app (e.g. a Workers object whose configuration is invalid). */
export function plainErrorResponse(err: CodedError, opts?: RenderOptions): Response {
  const { status, body, headers } = renderError(err, opts);
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function fromHttpException(c: Context, err: HTTPException): Response {
  const status = err.status as ContentfulStatusCode;
  if (err.status === 413) return errorResponse(c, new AppError('payload_too_large', 'The request body is too large.'));
  if (err.status === 400 && /json/i.test(err.message)) return errorResponse(c, invalidJson());
  if (err.status < 500) return errorResponse(c, new AppError('bad_request', err.message || 'Bad request.'), { status });
  return errorResponse(c, new AppError('unavailable', err.message || 'Unavailable.'), { status });
}

export function handleError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (isCodedError(err)) {
      if (err.code === 'client_aborted') {
        logger.debug('client aborted the request', { method: c.req.method, path: c.req.path });
      }
      return errorResponse(c, err);
    }
    if (err instanceof HTTPException) return fromHttpException(c, err);
    // A body that failed under some other reader (a JSON validator): still the client's doing, not ours.
    if (isClientAbort(err)) return handleError(logger)(clientAborted(), c);
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: String(err), stack: err.stack });
    return errorResponse(c, new AppError('internal_error', 'Something went wrong on our side.'));
  };
}

export const notFoundHandler = (c: Context) =>
  errorResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`));

/** The @hono/zod-openapi validation hook: schema violations become 400 invalid_request. */
export function validationHook(result: {
  success: boolean;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}) {
  if (!result.success) throw invalidRequest(result.error?.issues ?? []);
}
