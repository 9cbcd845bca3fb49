/** What the watch services need from the relay (passed in by createRelay). */
import type { Config } from '../../config';
import type { RateLimit } from '../../core/rate-budget';
import type { Logger } from '../../log';
import type { Store } from '../../storage/store';
import type { Recorder } from '../recorder';
import type { Ticker } from '../ticker';
import { type Budget, type Budgets, localBudget } from './budget';

export interface WatchDeps {
  config: Config;
  store: Store;
  recorder: Recorder;
  ticker: Ticker;
  fetch: typeof fetch;
  now: () => number;
  logger: Logger;
  /** Aborts polls in flight when the relay closes (relay.close()). */
  stop?: AbortSignal;
  /** Jitter source; tests may fix it. */
  random?: () => number;
  /** Each provider key's request budget; default: kept in this store's `meta` (budget.ts). */
  budgets?: Budgets;
  /**
   * Told, after the commit, the ids a poll answer newly taught a watch its resource by; on Workers
   * shards the key's object records them so hints naming them find the watch's shard. Never rejects.
   */
  aliasesLearned?: (learned: LearnedAliases) => Promise<void>;
}

export interface LearnedAliases {
  provider: string;
  /** The subject of the watch that learned them. */
  subject: string;
  ids: string[];
}

/** The budget of a provider's key, shared by its polls and (Warpweb) its site actions. */
export const budgetOf = (deps: WatchDeps, provider: string, limits: readonly RateLimit[]): Budget =>
  deps.budgets?.(provider, limits) ?? localBudget(deps.store, provider, limits);

/** One due-row task per provider, so a slow provider never holds up another's polls. */
export const pollTaskName = (provider: string) => `poll:${provider}`;
