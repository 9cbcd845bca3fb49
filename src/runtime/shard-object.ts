/**
 * What a resource shard's Durable Object is made of (docs/scaling.md#resource-shards-built): the
 * same relay and app as the relay object, over the shard's own SQLite, holding the subjects the
 * routing table gives it — their webhook inbox, state, watches and follow-up checks — with its
 * events going to its outbox and on to the log object (the relay object) instead of being
 * sequenced here. The Worker sends it the webhooks and watch requests of its subjects; its alarm
 * runs their polls and sends again what the log did not take.
 */
import { type Config, ConfigError, loadConfig } from '../config';
import { AppError } from '../core/errors';
import { plainErrorResponse } from '../http/errors';
import type { Relay } from '../services/relay';
import type { OutboxEntry } from '../storage/outbox-store';
import { createRelayApp } from './create-relay-app';
import { keyObjectDeps } from './key-object';
import { activeShards, RELAY_OBJECT } from './object-router';
import { objectParts } from './object-parts';
import type { ObjectState } from './relay-object';

/** The log object as a shard sees it (its RPC in worker.ts). */
export interface ShardLog {
  appendOutbox(source: string, entries: OutboxEntry[]): Promise<number>;
}

export interface ShardEnv {
  RELAY: { getByName(name: string): ShardLog };
  [name: string]: unknown;
}

export interface ShardObject {
  /** Undefined when the configuration is invalid (every request then answers 503). */
  relay: Relay | undefined;
  fetch(request: Request): Promise<Response>;
  alarm(): Promise<void>;
}

/** Where a shard keeps its own name: an alarm that starts a new instance does not carry it. */
export const SHARD_NAME_KEY = 'shard_name';

/**
 * @param given this shard's object name when the runtime tells it (a request), which is also its
 * name at the log (its cursor there); kept the first time, read back when not given.
 */
export function createShardObject(ctx: ObjectState, env: ShardEnv, given: string | undefined): ShardObject {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: err.message }));
    const error = new AppError('invalid_configuration', err.message);
    return { relay: undefined, fetch: async () => plainErrorResponse(error), alarm: async () => {} };
  }
  const { logger, deps, alarm, rowsMetric } = objectParts(ctx, config);
  const log = env.RELAY.getByName(RELAY_OBJECT);
  let name: string | null = null;
  const { relay, app } = createRelayApp({
    ...deps,
    shards: activeShards(env),
    toLog: {
      send: (entries) =>
        name
          ? log.appendOutbox(name, entries)
          : Promise.reject(new Error('this shard has not been reached by name yet')),
      background: (p) => ctx.waitUntil(p),
    },
    // Each key's budget and alias directory live in the key's own object, shared by every shard.
    ...keyObjectDeps(env, logger),
  });
  // Only a shard that was reached by name has ever committed anything to send.
  name = given ? relay.store.meta.setIfAbsent(SHARD_NAME_KEY, given) : (relay.store.meta.get(SHARD_NAME_KEY) ?? null);
  // As on the relay object: due work (polls, the outbox's retries) runs only inside alarm().
  relay.ticker.schedule();
  relay.metrics.push(rowsMetric(name ?? 'shard'));
  return {
    relay,
    fetch: async (request) => app.fetch(request),
    alarm: () => alarm(() => relay.ticker.tick()),
  };
}
