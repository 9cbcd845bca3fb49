/** Lindo does not sign: its webhook URL carries a shared token (`?token=` or a Bearer header). */
import { timingSafeEqualString } from '../../core/crypto';
import { WebhookVerificationError } from '../verification-error';

export function verifyLindoToken(expected: string, query: URLSearchParams, headers: Headers): void {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  const given = query.get('token') ?? bearer;
  if (!given || !timingSafeEqualString(given, expected)) {
    throw new WebhookVerificationError('unauthorized', 'Missing or wrong Lindo webhook token.');
  }
}
