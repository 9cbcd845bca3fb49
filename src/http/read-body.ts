/**
 * Reading a request body, where the client may drop mid-way or break the
 * framing. Reachable without credentials on /ingest/*, so such a failure must
 * not be a server error: it becomes `client_aborted`, counted with the other
 * refused webhooks and logged at debug only.
 */
import { AppError } from '../core/errors';

export const clientAborted = () =>
  new AppError('client_aborted', 'The client closed the connection before the request body was complete.');

const ABORT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Whether an error is the request's body failing because of the client (gone, or malformed framing). */
export function isClientAbort(err: unknown, request?: Request): boolean {
  if (request?.signal.aborted) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    err.name === 'AbortError' ||
    err.message === 'aborted' ||
    (typeof code === 'string' && (ABORT_CODES.has(code) || code.startsWith('HPE_')))
  );
}

/** Reads a body through `read`, turning a client's abort into `client_aborted`. */
export async function readGuarded<T>(request: Request, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isClientAbort(err, request)) throw clientAborted();
    throw err;
  }
}
