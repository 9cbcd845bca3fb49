/**
 * What the object of one provider API key is made of
 * (docs/scaling.md#one-object-per-api-key-built): the key's budget and alias
 * directory (services/watches/key-state.ts) over the object's own SQLite.
 * Named by `pollerName(provider, key)`, so every shard polling with a key
 * asks the same object. It has no alarm and no HTTP surface: only the RPCs
 * below, each one synchronous step on its database.
 */
import { type Config, ConfigError, loadConfig, MAX_WATCH_DEADLINE_S } from '../config';
import { AppError } from '../core/errors';
import { findProvider } from '../providers';
import type { Slot } from '../services/watches/budget';
import { createKeyState } from '../services/watches/key-state';
import type { KeyObjectStub } from '../services/watches/remote-budget';
import { openDurableObjectSql } from '../storage/durable-object';
import type { ObjectState } from './relay-object';

export type PollerObject = KeyObjectStub;

const DAY_MS = 86_400_000;

export function createPollerObject(ctx: Pick<ObjectState, 'storage'>, env: Record<string, unknown>): PollerObject {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return misconfigured(err);
  }
  const state = createKeyState({
    db: openDurableObjectSql(ctx.storage),
    limitsOf: (provider) => {
      const limits = findProvider(provider)?.status?.limits(config);
      if (!limits) throw new AppError('invalid_request', `No request budget for provider ${provider}.`);
      return limits;
    },
    // An alias must outlive the longest watch that may still be polled after learning it.
    retentionMs: Math.max(config.retentionDays * DAY_MS, MAX_WATCH_DEADLINE_S * 1000),
  });
  return {
    take: async (provider: string, now: number): Promise<Slot> => state.take(provider, now),
    nextAt: async (provider, now) => state.nextAt(provider, now),
    penalize: async (provider, now, retryAfterMs) => state.penalize(provider, now, retryAfterMs),
    registerAliases: async (provider, subject, ids) => state.registerAliases(provider, subject, ids),
    resolve: async (provider, ids) => state.resolve(provider, ids),
  };
}

/** A bad configuration refuses every call: the callers treat the key object as unreachable (no slot). */
function misconfigured(err: ConfigError): PollerObject {
  const error = new AppError('invalid_configuration', err.message);
  const refuse = () => Promise.reject(error);
  return { take: refuse, nextAt: refuse, penalize: refuse, registerAliases: refuse, resolve: refuse };
}
