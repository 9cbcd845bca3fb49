/**
 * `sitewire listen --retry`: a failed forward (no answer, or not 2xx) is tried again with exponential
 * backoff before the next event goes, so the receiver still sees events in stream order.
 */
import { sleep } from './sleep';
import type { ForwardResult } from './forward';

export interface RetryPolicy {
  /** Tries after the first; 0 without --retry. */
  retries: number;
  baseMs: number;
}

const MAX_DELAY_MS = 60_000;

export const succeeded = (r: ForwardResult): boolean => r.status !== null && r.status >= 200 && r.status < 300;

/** The wait before try number `retry` (1-based) after a failure, or null when the policy is spent. */
export function retryDelay(policy: RetryPolicy, retry: number): number | null {
  if (retry > policy.retries) return null;
  return Math.min(MAX_DELAY_MS, policy.baseMs * 2 ** (retry - 1));
}

export interface Attempted extends ForwardResult {
  attempts: number;
}

/**
 * Forwards until it succeeds, the policy is spent, or the signal stops the command; `onRetry` hears of
 * each failed try that will be tried again.
 */
export async function forwardWithRetry(
  forward: () => Promise<ForwardResult>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onRetry: (failed: ForwardResult, retry: number, delayMs: number) => void,
): Promise<Attempted> {
  for (let attempts = 1; ; attempts++) {
    const result = await forward();
    const delay = succeeded(result) || !result.eventId ? null : retryDelay(policy, attempts);
    if (delay === null || signal.aborted) return { ...result, attempts };
    onRetry(result, attempts, delay);
    await sleep(delay, signal);
    if (signal.aborted) return { ...result, attempts };
  }
}
