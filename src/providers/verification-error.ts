/**
 * A webhook that did not prove it came from the provider (a bad signature or token): an expected
 * failure, its own class as in standard-webhooks, distinct from bugs and from bad bodies.
 */
import { AppError } from '../core/errors';

/** Warpweb answers invalid_signature; Lindo, which sends a token rather than a signature, unauthorized. */
export type VerificationCode = 'invalid_signature' | 'unauthorized';

// Extends AppError (with its 401) only while the HTTP layer maps AppError's own status.
export class WebhookVerificationError extends AppError {
  constructor(code: VerificationCode, message: string) {
    super(401, code, message);
    this.name = 'WebhookVerificationError';
  }
}
