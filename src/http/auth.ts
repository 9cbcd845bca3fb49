/**
 * Bearer auth for /v1 (SPEC §2.5), compared in constant time. Stream routes
 * may also accept a scoped stream token; the scope it grants is put on the
 * context for the stream to apply.
 */
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqualString } from '../core/crypto';
import { AppError, unauthorized } from '../core/errors';
import type { EventFilter } from '../core/filter';
import type { AppEnv } from './env';

/** Verifies a stream token and returns the filter it is scoped to, or null when it is not valid. */
export type StreamTokenCheck = (token: string) => Promise<EventFilter | null>;

export const bearerOf = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];

export function requireAuth(opts: {
  adminToken: () => string | undefined;
  streamToken?: StreamTokenCheck;
  isStreamRoute: (path: string) => boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const admin = opts.adminToken();
    if (!admin) throw new AppError(503, 'admin_token_missing', 'SITEWIRE_ADMIN_TOKEN is not set on this deployment.');
    const given = bearerOf(c.req.header('authorization'));
    if (given !== undefined && timingSafeEqualString(given, admin)) {
      c.set('scope', null);
      return next();
    }
    const access = c.req.query('access_token');
    if (access && opts.streamToken && opts.isStreamRoute(c.req.path)) {
      const scope = await opts.streamToken(access);
      if (scope) {
        c.set('scope', scope);
        return next();
      }
    }
    throw unauthorized();
  };
}
