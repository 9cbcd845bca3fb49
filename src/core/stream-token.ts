/**
 * Stream tokens (docs/api.md#stream-tokens): what a browser puts in `?access_token=` because
 * EventSource cannot send headers. A token is its own proof: the scope and
 * expiry, base64url JSON, followed by an HMAC-SHA256 over that text with the
 * relay's key. Nothing is stored per token, so issuing costs no write.
 */
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes';
import { contentFilterIssues, hasContentFilter, type ContentFilter } from './content-filter';
import { hmacSha256, timingSafeEqual } from './crypto';
import type { EventFilter } from './filter';

export const STREAM_TOKEN_PREFIX = 'sws_';
export const STREAM_TOKEN_DEFAULT_TTL_S = 3600;
export const STREAM_TOKEN_MAX_TTL_S = 86_400;
/** Tokens travel in URLs: refuse to issue (and never parse) anything longer. */
export const STREAM_TOKEN_MAX_LENGTH = 6000;

/** What a valid token grants: the filter every event must match, until expiresAt (ms). */
export interface StreamGrant {
  scope: EventFilter;
  expiresAt: number;
}

interface Claims {
  v: 1;
  exp: number;
  types?: string[];
  providers?: string[];
  resources?: string[];
  filter?: ContentFilter;
}

const SHAPE = /^sws_([A-Za-z0-9_-]{1,8000})\.([A-Za-z0-9_-]{43})$/;

const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Signs a grant; expiresAt is rounded down to whole seconds. */
export async function signStreamToken(key: Uint8Array, grant: StreamGrant): Promise<string> {
  const claims: Claims = { v: 1, exp: Math.floor(grant.expiresAt / 1000) };
  for (const name of ['types', 'providers', 'resources'] as const) {
    const list = grant.scope[name];
    if (list?.length) claims[name] = list;
  }
  if (hasContentFilter(grant.scope.filter)) claims.filter = grant.scope.filter;
  const body = toBase64Url(utf8(JSON.stringify(claims)));
  return `${STREAM_TOKEN_PREFIX}${body}.${toBase64Url(await hmacSha256(key, body))}`;
}

/** The grant of a genuine, unexpired token; null for anything else (never throws on input). */
export async function verifyStreamToken(key: Uint8Array, token: string, now: number): Promise<StreamGrant | null> {
  if (token.length > STREAM_TOKEN_MAX_LENGTH) return null;
  const m = SHAPE.exec(token);
  if (!m) return null;
  const [, body, mac] = m as unknown as [string, string, string];
  const expected = await hmacSha256(key, body);
  if (!timingSafeEqual(fromBase64Url(mac), expected)) return null;
  let claims: Partial<Claims>;
  try {
    claims = JSON.parse(fromUtf8(fromBase64Url(body))) as Partial<Claims>;
  } catch {
    return null;
  }
  if (claims.v !== 1 || typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
  const scope: EventFilter = {};
  for (const name of ['types', 'providers', 'resources'] as const) {
    const list = claims[name];
    if (list === undefined) continue;
    if (!stringList(list)) return null;
    scope[name] = list;
  }
  if (claims.filter !== undefined) {
    if (contentFilterIssues(claims.filter).length) return null;
    scope.filter = claims.filter;
  }
  return { scope, expiresAt: claims.exp * 1000 };
}
