/**
 * Expected failures, as values with a typed snake_case code and a message.
 * What a code means over HTTP is decided in one table (http/error-status.ts);
 * an error without one of these codes reaching the HTTP layer is a bug (500).
 */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'client_aborted',
  'forbidden_target',
  'bad_request',
  'invalid_signature',
  'unauthorized',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'not_revisable',
  'no_fix_prompts',
  'not_refreshable',
  'revision_queue_full',
  'rate_limited',
  'provider_error',
  'not_configured',
  'admin_token_missing',
  'invalid_configuration',
  'unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

/** Any error carrying one of the codes, whatever its class (AppError, a provider's verification error). */
export interface CodedError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ErrorIssue[];
}

export const isCodedError = (err: unknown): err is CodedError =>
  err instanceof Error && (ERROR_CODES as readonly unknown[]).includes((err as { code?: unknown }).code);

export class AppError extends Error implements CodedError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalidSignature = (message = 'Missing or invalid signature.') =>
  new AppError('invalid_signature', message);
export const unauthorized = (message = 'Missing or invalid bearer token.') => new AppError('unauthorized', message);
export const notFound = (message = 'Not found.') => new AppError('not_found', message);
export const invalidJson = (message = 'The request body is not valid JSON.') => new AppError('invalid_json', message);
export const notConfigured = (message: string) => new AppError('not_configured', message);

/** Turns zod-style issues into the `issues` array of the error body. */
export function invalidRequest(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  message = 'The request does not match the schema.',
): AppError {
  return new AppError(
    'invalid_request',
    message,
    issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
      message: i.message,
    })),
  );
}

export function errorBody(err: CodedError) {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.issues ? { issues: err.issues } : {}),
    },
  };
}
