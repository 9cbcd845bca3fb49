/**
 * Expected failures, as values with an HTTP status and a snake_case code.
 * Anything that is not an AppError reaching the HTTP layer is a bug (500).
 */
export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalidSignature = (message = 'Missing or invalid signature.') =>
  new AppError(401, 'invalid_signature', message);
export const unauthorized = (message = 'Missing or invalid bearer token.') =>
  new AppError(401, 'unauthorized', message);
export const notFound = (message = 'Not found.') => new AppError(404, 'not_found', message);
export const invalidJson = (message = 'The request body is not valid JSON.') =>
  new AppError(400, 'invalid_json', message);
export const notConfigured = (message: string) => new AppError(503, 'not_configured', message);

/** Turns zod-style issues into the `issues` array of the error body. */
export function invalidRequest(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  message = 'The request does not match the schema.',
): AppError {
  return new AppError(
    400,
    'invalid_request',
    message,
    issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
      message: i.message,
    })),
  );
}

export function errorBody(err: AppError) {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.issues ? { issues: err.issues } : {}),
    },
  };
}
