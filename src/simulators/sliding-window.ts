/** A provider's per-key rate limit as it enforces it: at most `limit` requests in any sliding window. */
import type { RateLimit } from '../core/rate-budget';

export interface WindowVerdict {
  allowed: boolean;
  /** Of the tightest window. */
  limit: number;
  remaining: number;
  /** When the oldest counted request leaves the tightest window (ms). */
  resetAt: number;
}

export function createSlidingWindows(limits: readonly RateLimit[]) {
  const hits = new Map<string, number[]>();
  const longest = Math.max(...limits.map((l) => l.windowMs));

  return {
    /** Counts the request when allowed; a refused request is not counted. */
    hit(key: string, now: number): WindowVerdict {
      const list = (hits.get(key) ?? []).filter((t) => now - t < longest);
      hits.set(key, list);
      const verdicts = limits.map((l) => {
        const inWindow = list.filter((t) => now - t < l.windowMs);
        const left = l.limit - inWindow.length;
        return {
          allowed: left > 0,
          limit: l.limit,
          remaining: Math.max(0, left - 1),
          resetAt: (inWindow[0] ?? now) + l.windowMs,
        };
      });
      const refused = verdicts.find((v) => !v.allowed);
      if (refused) return refused;
      list.push(now);
      return verdicts.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    },
  };
}
