/** Every error code's HTTP status, in one table: nothing below the HTTP layer picks a status. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../core/errors';

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  client_aborted: 400,
  forbidden_target: 400,
  bad_request: 400,
  invalid_signature: 401,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  not_revisable: 409,
  no_fix_prompts: 409,
  not_refreshable: 409,
  revision_queue_full: 409,
  rate_limited: 429,
  provider_error: 502,
  internal_error: 500,
  not_configured: 503,
  admin_token_missing: 503,
  invalid_configuration: 503,
  unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export const statusOf = (code: ErrorCode): ContentfulStatusCode => ERROR_STATUS[code];
