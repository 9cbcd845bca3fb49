/**
 * A status API's HTTP answer -> what it means for the watch. Shared by every
 * provider: only reading a 2xx body and error texts are provider-specific.
 * Anything unexpected (5xx, HTML, truncated or wrongly-shaped JSON) is a
 * transient fault, never an observation.
 */
import type { StatusApi, StatusReading } from './types';
import { parseRetryAfter } from '../core/retry-after';
import type { Kind } from '../core/status';

export type PollOutcome =
  | { kind: 'reading'; reading: StatusReading }
  | { kind: 'not_found'; message: string }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'rate_limited'; retryAfterMs: number | null; message: string }
  | { kind: 'transient'; message: string };

export const MAX_BODY_CHARS = 2_000_000;

/** Retry-After (seconds or an HTTP date), else X-RateLimit-Reset (unix seconds), as ms from now. */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const asked = parseRetryAfter(headers.get('retry-after'), now);
  if (asked !== null) return asked;
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const n = Number(reset);
    // Some APIs send seconds until reset rather than a unix time; tell them apart by size.
    return Math.max(0, n > 1e9 ? Math.round(n * 1000 - now) : Math.round(n * 1000));
  }
  return null;
}

export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const looksLikeHtml = (contentType: string, text: string) =>
  /text\/html/i.test(contentType) || /^\s*</.test(text);

export async function interpretResponse(
  api: StatusApi,
  kind: Kind,
  id: string,
  res: Response,
  now: number,
): Promise<PollOutcome> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const body = looksLikeHtml(contentType, text) ? undefined : parseBody(text);
  const said = (fallback: string) => (body === undefined ? fallback : (api.errorMessage(body) ?? fallback));

  if (res.status === 429) {
    return { kind: 'rate_limited', retryAfterMs: retryAfterMs(res.headers, now), message: said('rate limited (429)') };
  }
  if (res.status === 401 || res.status === 403) {
    return { kind: 'refused', status: res.status, message: `${res.status}: ${said('credentials refused')}` };
  }
  if (res.status === 404) return { kind: 'not_found', message: said('The resource was not found.') };
  if (res.status < 200 || res.status > 299)
    return { kind: 'transient', message: `HTTP ${res.status}: ${said('no error text')}`.slice(0, 300) };
  if (text.length > MAX_BODY_CHARS) return { kind: 'transient', message: 'status body too large' };
  if (looksLikeHtml(contentType, text)) return { kind: 'transient', message: 'an HTML page instead of JSON' };
  if (body === undefined) return { kind: 'transient', message: 'truncated or invalid JSON' };
  const reading = api.read(kind, id, body);
  if (!reading) return { kind: 'transient', message: 'unexpected response shape' };
  return { kind: 'reading', reading };
}

/** Reads `{"error":"..."}`, `{"error":{"message"}}`, `{"message"}`, `{"errors":[{"message"}]}`. */
export function commonErrorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.slice(0, 200) : null);
  const err = b.error;
  if (typeof err === 'object' && err !== null) {
    const e = err as Record<string, unknown>;
    return text(e.message) ?? text(e.code);
  }
  const first = Array.isArray(b.errors) ? (b.errors[0] as Record<string, unknown> | undefined) : undefined;
  return text(b.message) ?? text(err) ?? (first ? (text(first.message) ?? text(first.code)) : null);
}
