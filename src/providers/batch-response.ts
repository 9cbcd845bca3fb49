/**
 * A batch status answer -> what it means for the watches it asked about.
 * Like a single answer (poll-response.ts), with one more outcome: an API
 * without the batch endpoint (404, 405, 501, or a 400 for a body it does not
 * understand) is `unsupported`, and the watches are polled one by one.
 */
import { interpretResponse, looksLikeHtml, MAX_BODY_CHARS, parseBody, type PollOutcome } from './poll-response';
import type { BatchItem, StatusApi } from './types';
import type { Kind } from '../core/status';

/** Statuses that say "no such endpoint here", not "no such resource". */
const UNSUPPORTED = new Set([400, 404, 405, 501]);

export type BatchOutcome =
  | { kind: 'items'; items: Map<string, BatchItem> }
  | { kind: 'unsupported'; status: number }
  | Exclude<PollOutcome, { kind: 'reading' } | { kind: 'not_found' }>;

export async function interpretBatchResponse(
  api: StatusApi & { batch: NonNullable<StatusApi['batch']> },
  kind: Kind,
  ids: readonly string[],
  res: Response,
  now: number,
): Promise<BatchOutcome> {
  if (UNSUPPORTED.has(res.status)) {
    await res.body?.cancel();
    return { kind: 'unsupported', status: res.status };
  }
  if (res.status < 200 || res.status > 299) {
    // The error statuses mean for a batch what they mean for one resource (429, 401/403, 5xx).
    const outcome = await interpretResponse(api, kind, ids[0] ?? '', res, now);
    return outcome.kind === 'reading' || outcome.kind === 'not_found'
      ? { kind: 'transient', message: `HTTP ${res.status}` }
      : outcome;
  }
  const text = await res.text();
  if (text.length > MAX_BODY_CHARS) return { kind: 'transient', message: 'status body too large' };
  if (looksLikeHtml(res.headers.get('content-type') ?? '', text))
    return { kind: 'transient', message: 'an HTML page instead of JSON' };
  const body = parseBody(text);
  if (body === undefined) return { kind: 'transient', message: 'truncated or invalid JSON' };
  const items = api.batch.read(kind, ids, body);
  if (!items) return { kind: 'transient', message: 'unexpected batch response shape' };
  return { kind: 'items', items };
}
