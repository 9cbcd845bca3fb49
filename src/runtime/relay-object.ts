/**
 * What the relay's Durable Object is made of: the same relay and app as on
 * Node, over the object's SQLite storage, with its alarm as the due-rows timer.
 */
import type { DurableObjectState } from '@cloudflare/workers-types';
import { type Config, ConfigError, loadConfig } from '../config';
import { AppError } from '../core/errors';
import { plainErrorResponse } from '../http/errors';
import { createRelayApp } from './create-relay-app';
import type { SseRegistry } from '../http/sse/registry';
import type { StoredEvent } from '../core/event';
import type { EventFilter } from '../core/filter';
import { planResponse } from '../http/sse/hand-off';
import { type Logger } from '../log';
import { objectParts } from './object-parts';
import { createFanoutFeeder, type FanoutTarget } from '../services/fanout/feeder';
import { activeShards, FANOUT_BINDING, fanoutName, RELAY_OBJECT, SHARD_BINDING, topologyCounts } from './object-router';
import { pinShardCount } from './shard-pin';
import type { DeliveryOutcome, DeliveryQueue } from '../services/deliveries/queue-messages';
import type { Relay } from '../services/relay';
import type { OutboxEntry } from '../storage/outbox-store';
import { createLogAppend, MAX_FORWARD_ENTRIES } from '../services/shards/log-append';

export interface RelayObject {
  /** Undefined when the configuration is invalid (every request then answers 503). */
  relay: Relay | undefined;
  sse: SseRegistry | undefined;
  fetch(request: Request): Promise<Response>;
  alarm(): Promise<void>;
  /** Queue consumers' RPCs (queue-consumer.ts): a body sent by reference, and a batch of outcomes. */
  deliveryBody(id: string, lease: number): Promise<string | null>;
  deliveryOutcomes(outcomes: DeliveryOutcome[]): Promise<void>;
  /** Fan-out objects' RPCs (fanout-object.ts): the log's newest sequence, and a page of it. */
  lastSeq(): Promise<number>;
  eventsAfter(afterSeq: number, filter: EventFilter, limit: number): Promise<StoredEvent[]>;
  /** Resource shards' RPC (services/shards/): appends an outbox batch exactly once, answers the position acknowledged. */
  appendOutbox(source: string, entries: OutboxEntry[]): Promise<number>;
}

/** The Queue producer binding that moves delivery attempts to Queue consumers (wrangler.toml). */
export const DELIVERY_QUEUE_BINDING = 'DELIVERIES';

export type ObjectState = Pick<DurableObjectState, 'storage' | 'waitUntil'>;

/** A replay page asked for by a fan-out is capped here, whatever it asks. */
export const MAX_EVENTS_PAGE = 500;

export function createRelayObject(ctx: ObjectState, env: Record<string, unknown>): RelayObject {
  let config: Config;
  let fanouts: number;
  try {
    config = loadConfig(env);
    fanouts = topologyCounts(env).fanouts;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return misconfigured(err);
  }
  const shards = activeShards(env);
  const { logger, deps, alarm, rowsMetric } = objectParts(ctx, config);
  const { relay, sse, app } = createRelayApp({
    ...deps,
    deliveryQueue: env[DELIVERY_QUEUE_BINDING] as DeliveryQueue | undefined,
    ...fanoutTransport(ctx, env, fanouts, logger),
    shards,
  });
  if (env[SHARD_BINDING]) {
    try {
      pinShardCount(relay.store.meta, shards);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return misconfigured(err);
    }
  }
  // Due work runs only inside alarm(), which workerd awaits, keeps alive and retries if it is cut
  // off; a request never starts it. A new instance (first start, after eviction or a deploy)
  // knows nothing in memory, so its alarm is armed for now and the first tick reads what is
  // due from the database.
  relay.ticker.schedule();
  relay.metrics.push(rowsMetric(RELAY_OBJECT));
  const log = createLogAppend(relay.store, relay.recorder);
  return {
    relay,
    sse,
    fetch: async (request) => app.fetch(request),
    alarm: () => alarm(() => relay.ticker.tick()),
    deliveryBody: async (id, lease) => relay.deliveries.queuedBody(id, lease),
    deliveryOutcomes: async (outcomes) => void relay.deliveries.acceptOutcomes(outcomes),
    lastSeq: async () => relay.store.events.lastSeq(),
    eventsAfter: async (afterSeq, filter, limit) =>
      relay.store.events.after(afterSeq, filter, Math.min(limit, MAX_EVENTS_PAGE)),
    appendOutbox: async (source, entries) => log.accept(source, entries.slice(0, MAX_FORWARD_ENTRIES)),
  };
}

/**
 * With a fan-out namespace bound, this object holds no stream: committed events go to the fan-outs in
 * batches, and stream routes answer the fan-out that asked with the stream's plan (http/sse/hand-off.ts).
 */
function fanoutTransport(ctx: ObjectState, env: Record<string, unknown>, count: number, logger: Logger) {
  const namespace = env[FANOUT_BINDING] as { getByName(name: string): FanoutTarget } | undefined;
  if (!namespace) return {};
  const fanout = createFanoutFeeder({
    count,
    target: (i) => namespace.getByName(fanoutName(i)),
    waitUntil: (p) => ctx.waitUntil(p),
    logger,
  });
  return { fanout, streamHandOff: planResponse };
}

function misconfigured(err: ConfigError): RelayObject {
  console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: err.message }));
  const error = new AppError('invalid_configuration', err.message);
  return {
    relay: undefined,
    sse: undefined,
    fetch: async () => plainErrorResponse(error),
    alarm: async () => {},
    deliveryBody: async () => null,
    deliveryOutcomes: async () => {},
    lastSeq: async () => 0,
    eventsAfter: async () => [],
    appendOutbox: () => Promise.reject(error),
  };
}
