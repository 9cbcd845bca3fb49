/**
 * Bearer auth for /v1 (docs/api.md#auth), compared in constant time. Stream routes
 * may also accept a scoped stream token; the scope it grants is put on the
 * context for the stream to apply.
 */
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqualString } from '../core/crypto';
import { AppError, unauthorized } from '../core/errors';
import type { StreamGrant } from '../core/stream-token';
import type { AppEnv } from './env';

/** Verifies a stream token: its scope and expiry, or null when it is not genuine or has expired. */
export type StreamTokenCheck = (token: string) => Promise<StreamGrant | null>;

export const bearerOf = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];

/** The RFC 6750 challenge of a 401 on /v1: `invalid_token` when a credential was given but refused. */
export const bearerChallenge = (tokenGiven: boolean): string =>
  tokenGiven ? 'Bearer realm="sitewire", error="invalid_token"' : 'Bearer realm="sitewire"';

export function requireAuth(opts: {
  adminToken: () => string | undefined;
  streamToken?: StreamTokenCheck;
  isStreamRoute: (path: string) => boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const admin = opts.adminToken();
    if (!admin) throw new AppError('admin_token_missing', 'SITEWIRE_ADMIN_TOKEN is not set on this deployment.');
    const given = bearerOf(c.req.header('authorization'));
    if (given !== undefined && timingSafeEqualString(given, admin)) {
      c.set('scope', null);
      c.set('scopeEndsAt', null);
      return next();
    }
    // Stream tokens are honoured on stream routes only: anywhere else they are no credential at all.
    const access = c.req.query('access_token');
    if (access && opts.streamToken && opts.isStreamRoute(c.req.path)) {
      const grant = await opts.streamToken(access);
      if (grant) {
        c.set('scope', grant.scope);
        // The stream itself ends at the expiry (see openSse): its reconnect then meets the 401.
        c.set('scopeEndsAt', grant.expiresAt);
        return next();
      }
    }
    c.set('challenge', bearerChallenge(given !== undefined || !!access));
    throw unauthorized();
  };
}
