/**
 * A provider key's request budget, kept in the database: a restart resumes
 * the same budget instead of starting full and bursting (docs/provider-notes.md#polling). The
 * rules themselves are pure (core/rate-budget).
 */
import { nextAllowedAt, parseBudget, penalize, rulesFor, take, type RateLimit } from '../../core/rate-budget';
import type { Store } from '../../storage/store';

export const budgetKey = (provider: string) => `poll_budget:${provider}`;

export function createBudget(store: Store, provider: string, limits: readonly RateLimit[]) {
  const rules = rulesFor(limits);
  const key = budgetKey(provider);
  const load = (now: number) => parseBudget(store.meta.get(key), rules, now);

  return {
    nextAt: (now: number): number => nextAllowedAt(load(now), rules, now),

    /** Spends one request now if allowed (persisted before the request goes out). */
    tryTake(now: number): { ok: true } | { ok: false; at: number } {
      return store.transaction(() => {
        const r = take(load(now), rules, now);
        if (!r.ok) return r;
        store.meta.set(key, JSON.stringify(r.state));
        return { ok: true as const };
      });
    },

    /** A 429: block until the provider's reset and slow the whole key. */
    penalize(now: number, retryAfterMs: number | null): void {
      store.transaction(() => store.meta.set(key, JSON.stringify(penalize(load(now), now, retryAfterMs))));
    },
  };
}

export type Budget = ReturnType<typeof createBudget>;
