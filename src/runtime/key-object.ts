/**
 * The object of the API key a relay polls a provider with
 * (docs/scaling.md#one-object-per-api-key-built), as its callers use it: a
 * shard's budgets and alias registrations, and the Worker's hint routing.
 */
import type { Logger } from '../log';
import { findProvider } from '../providers';
import type { ParsedWebhook } from '../providers/types';
import type { RelayDeps } from '../services/relay';
import { type KeyObjectStub, remoteBudget } from '../services/watches/remote-budget';
import { POLLER_BINDING, pollerName } from './object-router';

interface PollerNamespace {
  getByName(name: string): KeyObjectStub;
}

/**
 * The stub of the configured key's object for `provider`, or undefined without the `POLLER`
 * binding or without a key. The object's name is a hash of the key (computed once); each call
 * gets a fresh stub, since a stub whose call failed may stay broken.
 */
export function keyObject(env: Record<string, unknown>, provider: string): KeyObjectStub | undefined {
  const namespace = env[POLLER_BINDING] as PollerNamespace | undefined;
  const keyVar = findProvider(provider)?.status?.apiKeyVar;
  const key = keyVar ? env[keyVar] : undefined;
  if (!namespace || typeof key !== 'string' || key === '') return undefined;
  const name = pollerName(provider, key);
  const stub = async () => namespace.getByName(await name);
  return {
    take: async (p, now) => (await stub()).take(p, now),
    nextAt: async (p, now) => (await stub()).nextAt(p, now),
    penalize: async (p, now, retryAfterMs) => (await stub()).penalize(p, now, retryAfterMs),
    registerAliases: async (p, subject, ids) => (await stub()).registerAliases(p, subject, ids),
    resolve: async (p, ids) => (await stub()).resolve(p, ids),
  };
}

/**
 * What a resource shard's relay takes from its keys' objects (createRelay's `budgets` and
 * `aliasesLearned`): each provider's budget asked over RPC, and the aliases its polls learn
 * registered after the commit. Best effort: a registration that fails is logged and not retried
 * (docs/scaling.md#one-object-per-api-key-built says what that costs). Without the `POLLER`
 * binding, nothing: the relay keeps its budgets itself.
 */
export function keyObjectDeps(
  env: Record<string, unknown>,
  logger: Logger,
): Pick<RelayDeps, 'budgets' | 'aliasesLearned'> {
  if (!env[POLLER_BINDING]) return {};
  return {
    budgets: (provider) => {
      const key = keyObject(env, provider);
      return key && remoteBudget(key, provider, logger);
    },
    aliasesLearned: async ({ provider, subject, ids }) => {
      try {
        await keyObject(env, provider)?.registerAliases(provider, subject, ids);
      } catch (err) {
        logger.warn('aliases not registered', { provider, subject, error: String((err as Error)?.message ?? err) });
      }
    },
  };
}

/**
 * The subject of the watch a hint is about, when the hint names it only by an alias (a Lindo
 * website or page id the watch learned from a poll) and that watch is of the hint's kind: the
 * Worker then sends the webhook to that watch's shard, where the watch takes it over. Null when
 * the webhook is no hint, the key's object knows none of its ids, or cannot be reached (the
 * webhook then goes to the shard of its own subject, as without a directory).
 */
export async function hintedSubject(env: Record<string, unknown>, parsed: ParsedWebhook): Promise<string | null> {
  const first = parsed.signals[0];
  if (first?.signal !== 'state' || !first.hint) return null;
  const { provider, kind, resourceId } = first.observation;
  const key = keyObject(env, provider);
  if (!key) return null;
  try {
    const subject = await key.resolve(provider, [resourceId, ...(first.aliases ?? [])]);
    return subject?.startsWith(`${provider}/${kind}/`) ? subject : null;
  } catch {
    return null;
  }
}
