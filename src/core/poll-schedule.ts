/**
 * When a watch is polled next (docs/provider-notes.md#polling): the fast interval while the
 * provider's webhooks are not known to flow, the safety interval while they
 * are, Lindo's poll_after_ms when larger, exponential backoff after failed
 * polls, and ±10 % jitter so watches created together drift apart. Pure.
 */
export const WEBHOOK_HEALTHY_MS = 10 * 60_000;
export const MAX_BACKOFF_MS = 5 * 60_000;
export const JITTER = 0.1;

export function webhooksHealthy(lastSeenAt: number | null, now: number): boolean {
  return lastSeenAt !== null && now - lastSeenAt <= WEBHOOK_HEALTHY_MS;
}

export interface DelayInput {
  intervalMs: number;
  safetyMs: number;
  healthy: boolean;
  /** The provider's own "check again in" (Lindo poll_after_ms), when it gave one. */
  pollAfterMs: number | null;
  /** Consecutive failed polls of this watch. */
  failures: number;
  /** A uniform random number in [0, 1). */
  random: number;
}

export function pollDelay(i: DelayInput): number {
  let base = i.healthy ? i.safetyMs : i.intervalMs;
  if (i.pollAfterMs !== null && i.pollAfterMs > base) base = i.pollAfterMs;
  if (i.failures > 0) base = Math.min(base * 2 ** Math.min(i.failures, 16), Math.max(base, MAX_BACKOFF_MS));
  return Math.round(base * (1 - JITTER + 2 * JITTER * i.random));
}
