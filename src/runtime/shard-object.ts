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
import { createLogger } from '../log';
import type { Relay } from '../services/relay';
import { openDurableObjectSql } from '../storage/durable-object';
import type { OutboxEntry } from '../storage/outbox-store';
import { createAlarmTimer } from './alarm-timer';
import { createRelayApp } from './create-relay-app';
import { keyObjectDeps } from './key-object';
import { activeShards, RELAY_OBJECT } from './object-router';
import { type ObjectState, rowsWrittenMetric, WORKERS_DELIVERY_LIMITS } from './relay-object';

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

/** @param name this shard's object name, which is also its name at the log (its cursor there). */
export function createShardObject(ctx: ObjectState, env: ShardEnv, name: string): ShardObject {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: err.message }));
    const error = new AppError('invalid_configuration', err.message);
    return { relay: undefined, fetch: async () => plainErrorResponse(error), alarm: async () => {} };
  }
  const logger = createLogger(config.logLevel);
  const timer = createAlarmTimer(ctx.storage, {
    now: () => Date.now(),
    onError: (err) => logger.error('alarm not set', { error: String(err) }),
  });
  let rowsWritten = 0;
  const log = env.RELAY.getByName(RELAY_OBJECT);
  const { relay, app } = createRelayApp({
    config,
    db: openDurableObjectSql(ctx.storage, (rows) => {
      rowsWritten += rows;
    }),
    logger,
    runtime: 'workers',
    arm: timer.arm,
    now: () => Date.now(),
    // A shard holds no subscription (they live with the log), so it never makes a delivery attempt.
    deliveryLimits: WORKERS_DELIVERY_LIMITS,
    shards: activeShards(env),
    toLog: {
      send: (entries) => log.appendOutbox(name, entries),
      background: (p) => ctx.waitUntil(p),
    },
    // Each key's budget and alias directory live in the key's own object, shared by every shard.
    ...keyObjectDeps(env, logger),
  });
  // As on the relay object: due work (polls, the outbox's retries) runs only inside alarm().
  relay.ticker.schedule();
  relay.metrics.push(rowsWrittenMetric(() => rowsWritten));
  return {
    relay,
    fetch: async (request) => app.fetch(request),
    alarm: () => timer.run(() => relay.ticker.tick()),
  };
}
