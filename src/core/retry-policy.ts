/**
 * What one delivery attempt means for its delivery (docs/api.md#deliveries), decided in
 * one place from the attempt's result: delivered, retry at a time, dead, or
 * the subscription disabled.
 */
import { parseRetryAfter } from './retry-after';

export const FAILING_DISABLE_MS = 5 * 86_400_000;
/** A receiver's Retry-After is honoured up to this long, so no receiver can park a delivery forever. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

export type AttemptResult =
  | { kind: 'response'; status: number; retryAfter?: string | null }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string }
  /** The URL resolved to an address deliveries may not reach (checked at every attempt). */
  | { kind: 'forbidden'; message: string };

export type Outcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; at: number }
  | { kind: 'dead'; reason: string }
  | { kind: 'disabled'; reason: string };

export interface PolicyInput {
  result: AttemptResult;
  /** Attempts made in this round, this one included (1 for the first; a manual retry starts a new round). */
  attempt: number;
  /** SITEWIRE_RETRY_SCHEDULE: the delay after attempt n is schedule[n - 1]; attempts = entries + 1. */
  scheduleMs: readonly number[];
  now: number;
  /** When the subscription's current run of failures began (null while it is succeeding). */
  failingSince: number | null;
}

export function describeResult(result: AttemptResult): string {
  switch (result.kind) {
    case 'response':
      return `HTTP ${result.status}`;
    case 'timeout':
      return 'timed out';
    default:
      return result.message;
  }
}

export function decideOutcome({ result, attempt, scheduleMs, now, failingSince }: PolicyInput): Outcome {
  if (result.kind === 'response') {
    if (result.status >= 200 && result.status < 300) return { kind: 'delivered' };
    if (result.status === 410) return { kind: 'disabled', reason: 'the receiver answered 410 Gone' };
  }
  if (failingSince !== null && now - failingSince >= FAILING_DISABLE_MS) {
    return { kind: 'disabled', reason: 'every delivery has failed for 5 days' };
  }
  if (attempt > scheduleMs.length) {
    return { kind: 'dead', reason: `gave up after ${attempt} attempts (last: ${describeResult(result)})` };
  }
  let delay = scheduleMs[attempt - 1]!;
  if (result.kind === 'response' && (result.status === 429 || result.status === 503)) {
    const asked = parseRetryAfter(result.retryAfter, now);
    if (asked !== null && asked > delay) delay = Math.min(asked, MAX_RETRY_AFTER_MS);
  }
  return { kind: 'retry', at: now + delay };
}
