/**
 * What one provider API key's object holds on Workers
 * (docs/scaling.md#one-object-per-api-key-built): the key's request budget
 * (the same GCRA row in `meta` as a lone relay keeps, budget.ts), so its
 * documented limits hold however many shards poll with it, and its alias
 * directory (storage/alias-directory.ts). Every operation is one synchronous
 * step on the object's own database; the object's RPCs are these, awaited
 * by the callers (remote-budget.ts).
 */
import type { RateLimit } from '../../core/rate-budget';
import { createAliasDirectory } from '../../storage/alias-directory';
import type { SqlDb } from '../../storage/sql';
import { createStore } from '../../storage/store';
import { createBudget, type Slot, type StoredBudget } from './budget';

export interface KeyStateDeps {
  db: SqlDb;
  /** The key's documented limits, per provider (from the object's configuration). */
  limitsOf: (provider: string) => readonly RateLimit[];
  /** How long an alias registration is kept after its last refresh. */
  retentionMs: number;
  now?: () => number;
}

export function createKeyState(deps: KeyStateDeps) {
  const clock = deps.now ?? Date.now;
  const store = createStore(deps.db);
  const directory = createAliasDirectory(deps.db);
  const budgets = new Map<string, StoredBudget>();
  const budget = (provider: string): StoredBudget => {
    let b = budgets.get(provider);
    if (!b) {
      b = createBudget(store, provider, deps.limitsOf(provider));
      budgets.set(provider, b);
    }
    return b;
  };
  /*
   * A slot is judged at the caller's time, as a local budget judges it: a Warpweb site action
   * reserves the next free slot at its future time and waits for it (warpweb/site-call.ts). The
   * objects' clocks are the platform's, and the budget's 10 % headroom covers their skew. A block
   * after a 429 starts at the later of the two clocks, so it is never shorter than the provider asked.
   */
  return {
    take: (provider: string, now: number): Slot => budget(provider).tryTake(now),
    nextAt: (provider: string, now: number): number => budget(provider).nextAt(now),
    penalize(provider: string, now: number, retryAfterMs: number | null): void {
      budget(provider).penalize(Math.max(now, clock()), retryAfterMs);
    },
    registerAliases(provider: string, subject: string, ids: readonly string[]): void {
      if (ids.length === 0) return;
      const now = clock();
      store.transaction(() => {
        directory.register(provider, subject, ids, now);
        directory.prune(now - deps.retentionMs);
      });
    },
    resolve: (provider: string, ids: readonly string[]): string | null => directory.resolve(provider, ids),
  };
}

export type KeyState = ReturnType<typeof createKeyState>;
