/**
 * A webhook that did not prove it came from the provider (a bad signature or token): an expected
 * failure, its own class as in standard-webhooks, distinct from bugs and from bad bodies.
 */
import { AppError } from '../core/errors';

/** Warpweb answers invalid_signature; Lindo, which sends a token rather than a signature, unauthorized. */
export type VerificationCode = 'invalid_signature' | 'unauthorized';

// The HTTP layer answers by code (401 for both), whatever the class.
export class WebhookVerificationError extends AppError {
  constructor(code: VerificationCode, message: string) {
    super(code, message);
    this.name = 'WebhookVerificationError';
  }
}
