/** Every failure as the JSON error shape of SPEC §2, mapped in one place. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, errorBody, invalidJson, invalidRequest } from '../core/errors';
import type { Logger } from '../log';
import { clientAborted, isClientAbort } from './read-body';

export const payloadTooLarge = (limit: number) =>
  new AppError(413, 'payload_too_large', `The request body is larger than ${limit} bytes.`);

export function errorResponse(c: Context, err: AppError): Response {
  return c.json(errorBody(err), err.status as 400, err.headers);
}

function fromHttpException(err: HTTPException): AppError {
  if (err.status === 413) return new AppError(413, 'payload_too_large', 'The request body is too large.');
  if (err.status === 400 && /json/i.test(err.message)) return invalidJson();
  if (err.status < 500) return new AppError(err.status, 'bad_request', err.message || 'Bad request.');
  return new AppError(err.status, 'unavailable', err.message || 'Unavailable.');
}

export function handleError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof AppError) {
      if (err.code === 'client_aborted') {
        logger.debug('client aborted the request', { method: c.req.method, path: c.req.path });
      }
      return errorResponse(c, err);
    }
    if (err instanceof HTTPException) return errorResponse(c, fromHttpException(err));
    // A body that failed under some other reader (a JSON validator): still the client's doing, not ours.
    if (isClientAbort(err)) return handleError(logger)(clientAborted(), c);
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: String(err), stack: err.stack });
    return errorResponse(c, new AppError(500, 'internal_error', 'Something went wrong on our side.'));
  };
}

export const notFoundHandler = (c: Context) =>
  errorResponse(c, new AppError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`));

/** The @hono/zod-openapi validation hook: schema violations become 400 invalid_request. */
export function validationHook(result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }) {
  if (!result.success) throw invalidRequest(result.error?.issues ?? []);
}
