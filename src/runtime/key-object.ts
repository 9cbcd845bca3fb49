/**
 * The object of the API key a relay polls a provider with
 * (docs/scaling.md#one-object-per-api-key-built), as the callers' stub.
 */
import { findProvider } from '../providers';
import type { KeyObjectStub } from '../services/watches/remote-budget';
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
