/**
 * A provider key's request budget. The rules themselves are pure (core/rate-budget); the state
 * lives in one database, so a restart resumes the same budget instead of starting full and
 * bursting (docs/provider-notes.md#polling). Pollers see it through an async interface: on Node
 * and in the relay object it is the `meta` row beside the watches (localBudget), on resource
 * shards the key's own object answers over RPC (remote-budget.ts,
 * docs/scaling.md#one-object-per-api-key-built).
 */
import { nextAllowedAt, parseBudget, penalize, rulesFor, take, type RateLimit } from '../../core/rate-budget';
import type { Store } from '../../storage/store';

export const budgetKey = (provider: string) => `poll_budget:${provider}`;

export type Slot = { ok: true } | { ok: false; at: number };

/** What a poller asks of a key's budget, wherever it is kept. */
export interface Budget {
  /** The earliest time (>= now) a request may be sent. */
  nextAt(now: number): Promise<number>;
  /** Spends one request now if allowed (persisted before the request goes out). */
  tryTake(now: number): Promise<Slot>;
  /** A 429: block until the provider's reset and slow the whole key. */
  penalize(now: number, retryAfterMs: number | null): Promise<void>;
}

/** Where a relay gets each provider's budget (createRelay's `budgets`); undefined: its own, in `meta`. */
export type Budgets = (provider: string, limits: readonly RateLimit[]) => Budget | undefined;

/** The budget kept in `meta`, read and spent synchronously (in the caller's database). */
export function createBudget(store: Store, provider: string, limits: readonly RateLimit[]) {
  const rules = rulesFor(limits);
  const key = budgetKey(provider);
  const load = (now: number) => parseBudget(store.meta.get(key), rules, now);

  return {
    nextAt: (now: number): number => nextAllowedAt(load(now), rules, now),

    tryTake(now: number): Slot {
      return store.transaction(() => {
        const r = take(load(now), rules, now);
        if (!r.ok) return r;
        store.meta.set(key, JSON.stringify(r.state));
        return { ok: true as const };
      });
    },

    penalize(now: number, retryAfterMs: number | null): void {
      store.transaction(() => store.meta.set(key, JSON.stringify(penalize(load(now), now, retryAfterMs))));
    },
  };
}

export type StoredBudget = ReturnType<typeof createBudget>;

/** The `meta` budget behind the async interface; each call does its work before it returns. */
export function localBudget(store: Store, provider: string, limits: readonly RateLimit[]): Budget {
  const b = createBudget(store, provider, limits);
  return {
    nextAt: async (now) => b.nextAt(now),
    tryTake: async (now) => b.tryTake(now),
    penalize: async (now, retryAfterMs) => b.penalize(now, retryAfterMs),
  };
}

/** The relay's own budgets: each provider's `meta` row in its store. */
export const localBudgets =
  (store: Store): Budgets =>
  (provider, limits) =>
    localBudget(store, provider, limits);
