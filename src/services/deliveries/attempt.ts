/**
 * One delivery attempt over fetch: check the target, sign, POST without
 * following redirects, time out, keep a bounded excerpt of the answer. The
 * result is data; what it means is the retry policy's decision.
 */
import { contentTypeOf, type ContentMode } from '../../core/content-mode';
import { traceparentOf } from '../../core/event';
import { signHeaders } from '../../core/standard-webhooks';
import type { AttemptResult } from '../../core/retry-policy';
import { VERSION } from '../../version';
import type { TargetGuard } from './target-guard';

export const EXCERPT_BYTES = 1024;

export interface AttemptRequest {
  url: string;
  /** Active secrets, current first. */
  secrets: string[];
  eventId: string;
  /** The event JSON exactly as stored: the signed bytes. */
  body: string;
  /** The signing time (ms); webhook-timestamp is its unix seconds. */
  at: number;
  /** The body's label; plain JSON when absent. */
  contentMode?: ContentMode;
  /** The subscription's static headers (docs/api.md#delivery-settings); never one the relay sets. */
  headers?: Record<string, string> | null;
}

export interface AttemptReport {
  result: AttemptResult;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export interface AttemptDeps {
  fetch: typeof fetch;
  guard: TargetGuard;
  timeoutMs: number;
}

/** Reads at most EXCERPT_BYTES of the body, then lets the rest go. */
async function excerptOf(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, EXCERPT_BYTES));
  let offset = 0;
  for (const c of chunks) {
    const part = c.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
  }
  // A multi-byte character cut at the bound decodes as U+FFFD: drop it.
  const text = new TextDecoder().decode(bytes).replace(/\uFFFD$/, '');
  return text === '' ? null : text;
}

function networkMessage(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message ?? 'fetch failed'}: ${cause}` : (e.message ?? String(err));
}

/** A signed delivery's headers: Standard Webhooks' three and ours (signed ahead on Workers: no secret travels). */
export async function deliveryHeaders(req: AttemptRequest): Promise<Record<string, string>> {
  const signed = await signHeaders(req.secrets, req.eventId, Math.floor(req.at / 1000), req.body);
  const traceparent = traceparentOf(req.body);
  const own = {
    'content-type': contentTypeOf(req.contentMode ?? 'json'),
    'user-agent': `sitewire/${VERSION}`,
    ...(traceparent ? { traceparent } : {}),
    ...signed,
  };
  return req.headers ? { ...req.headers, ...own } : own;
}

/** A delivery already signed: where it goes, its headers and the exact bytes they sign. */
export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Runs one attempt; `stop` aborts it when the relay shuts down (the caller then records nothing). */
export async function attemptDelivery(
  deps: AttemptDeps,
  req: AttemptRequest,
  stop?: AbortSignal,
): Promise<AttemptReport> {
  const headers = await deliveryHeaders(req);
  return sendSigned(deps, { url: req.url, headers, body: req.body }, stop);
}

/** Checks the target, then POSTs a signed delivery once: the part of an attempt a Queue consumer runs. */
export async function sendSigned(deps: AttemptDeps, req: SignedRequest, stop?: AbortSignal): Promise<AttemptReport> {
  const started = performance.now();
  const report = (
    result: AttemptResult,
    statusCode: number | null,
    error: string | null,
    excerpt: string | null = null,
  ): AttemptReport => ({
    result,
    statusCode,
    durationMs: Math.round(performance.now() - started),
    error,
    responseExcerpt: excerpt,
  });

  const verdict = await deps.guard(req.url);
  if (!verdict.ok) {
    const message = `${verdict.kind === 'forbidden' ? 'forbidden_target' : 'unresolved'}: ${verdict.reason}`;
    return report(
      verdict.kind === 'forbidden' ? { kind: 'forbidden', message } : { kind: 'network', message },
      null,
      message,
    );
  }
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
  try {
    const res = await deps.fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal,
    });
    const excerpt = await excerptOf(res).catch(() => null);
    const ok = res.status >= 200 && res.status < 300;
    return report(
      { kind: 'response', status: res.status, retryAfter: res.headers.get('retry-after') },
      res.status,
      ok ? null : `HTTP ${res.status}`,
      excerpt,
    );
  } catch (err) {
    if (stop?.aborted) throw err;
    if (timeout.aborted) return report({ kind: 'timeout' }, null, `timed out after ${deps.timeoutMs} ms`);
    const message = networkMessage(err);
    return report({ kind: 'network', message }, null, message);
  }
}
