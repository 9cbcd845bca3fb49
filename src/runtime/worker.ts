/**
 * The Workers composition root. The Worker forwards each request to the
 * Durable Object that serves it (object-router.ts): SSE streams to a fan-out
 * object (fanout-object.ts), everything else to the relay's object, a thin
 * shell around the same relay and Hono app that Node serves
 * (relay-object.ts). With a `DELIVERIES` Queue, the Worker is also its
 * consumer: delivery attempts run here (services/deliveries/queue-consumer.ts),
 * outcomes go back to the object.
 */
import { DurableObject } from 'cloudflare:workers';
import type { MessageBatch } from '@cloudflare/workers-types';
import type { StoredEvent } from '../core/event';
import type { EventFilter } from '../core/filter';
import type { DeliveryMessage, DeliveryOutcome } from '../services/deliveries/queue-messages';
import type { OutboxEntry } from '../storage/outbox-store';
import type { Slot } from '../services/watches/budget';
import type { KeyObjectStub } from '../services/watches/remote-budget';
import { consumeBatch } from './delivery-consumer';
import { createFanoutObject, type FanoutObject } from './fanout-object';
import { ConfigError } from '../env-values';
import { routeRequest, SHARD_BINDING, topologyCounts } from './object-router';
import { createPollerObject, type PollerObject } from './poller-object';
import { createRelayObject, type ObjectState, type RelayObject } from './relay-object';
import { createShardObject, type ShardObject } from './shard-object';
import { createShardRoutes, type ShardedEnv } from './shard-routes';

export interface RelayStub {
  fetch(request: Request): Promise<Response>;
  deliveryBody(id: string, lease: number): Promise<string | null>;
  deliveryOutcomes(outcomes: DeliveryOutcome[]): Promise<void>;
  lastSeq(): Promise<number>;
  eventsAfter(afterSeq: number, filter: EventFilter, limit: number): Promise<StoredEvent[]>;
  appendOutbox(source: string, entries: OutboxEntry[]): Promise<number>;
}

interface Namespace<Stub> {
  getByName(name: string): Stub;
}

export interface WorkerEnv {
  RELAY: Namespace<RelayStub>;
  FANOUT?: Namespace<{ fetch(request: Request): Promise<Response> }>;
  SHARD?: Namespace<{ fetch(request: Request): Promise<Response> }>;
  POLLER?: Namespace<KeyObjectStub>;
  [name: string]: unknown;
}

/** The shards' routes for these bindings, once per isolate; none without `SHARD` or with an invalid count (the relay then answers 503). */
const shardRoutes = new WeakMap<object, ReturnType<typeof createShardRoutes> | null>();
function shardRoutesOf(env: WorkerEnv) {
  let routes = shardRoutes.get(env);
  if (routes === undefined) {
    try {
      routes = env[SHARD_BINDING] ? createShardRoutes(env as ShardedEnv, topologyCounts(env)) : null;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      routes = null;
    }
    shardRoutes.set(env, routes);
  }
  return routes;
}

export default {
  fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const sharded = shardRoutesOf(env)?.route(request);
    if (sharded) return sharded;
    const to = routeRequest(request, env);
    const namespace = to.binding === 'RELAY' ? env.RELAY : env.FANOUT!;
    return namespace.getByName(to.name).fetch(request);
  },

  queue(batch: MessageBatch<DeliveryMessage>, env: WorkerEnv): Promise<void> {
    return consumeBatch(batch.messages, env);
  },
};

export class SitewireRelay extends DurableObject {
  readonly object: RelayObject;

  constructor(ctx: ObjectState, env: WorkerEnv) {
    super(ctx as never, env as never);
    this.object = createRelayObject(ctx, env);
  }

  override fetch(request: Request): Promise<Response> {
    return this.object.fetch(request);
  }

  override alarm(): Promise<void> {
    return this.object.alarm();
  }

  deliveryBody(id: string, lease: number): Promise<string | null> {
    return this.object.deliveryBody(id, lease);
  }

  deliveryOutcomes(outcomes: DeliveryOutcome[]): Promise<void> {
    return this.object.deliveryOutcomes(outcomes);
  }

  lastSeq(): Promise<number> {
    return this.object.lastSeq();
  }

  eventsAfter(afterSeq: number, filter: EventFilter, limit: number): Promise<StoredEvent[]> {
    return this.object.eventsAfter(afterSeq, filter, limit);
  }

  /** The log's half of sharded ingest: a shard's outbox batch, appended exactly once. */
  appendOutbox(source: string, entries: OutboxEntry[]): Promise<number> {
    return this.object.appendOutbox(source, entries);
  }
}

/** Holds SSE listeners; fed in batches by the relay object (services/fanout/). */
export class SitewireFanout extends DurableObject {
  readonly object: FanoutObject;

  constructor(ctx: ObjectState, env: WorkerEnv) {
    super(ctx as never, env as never);
    this.object = createFanoutObject(env);
  }

  override fetch(request: Request): Promise<Response> {
    return this.object.fetch(request);
  }

  publish(events: StoredEvent[]): Promise<void> {
    return this.object.publish(events);
  }

  clients(): Promise<number> {
    return this.object.clients();
  }
}

/** A resource shard: the webhooks, state and watches of its subjects; its events go to the log (shard-object.ts). */
export class SitewireShard extends DurableObject {
  readonly object: ShardObject;

  constructor(ctx: ObjectState & { id: { name?: string } }, env: WorkerEnv) {
    super(ctx as never, env as never);
    // Its name (shard-<i>) is also its name at the log. workerd gives it to requests, not to an
    // alarm that starts a new instance: the shard keeps it (shard-object.ts).
    this.object = createShardObject(ctx, env as never, ctx.id.name);
  }

  override fetch(request: Request): Promise<Response> {
    return this.object.fetch(request);
  }

  override alarm(): Promise<void> {
    return this.object.alarm();
  }
}

/** One provider API key's budget and alias directory (poller-object.ts); named by a hash of the key. */
export class SitewirePoller extends DurableObject {
  readonly object: PollerObject;

  constructor(ctx: ObjectState, env: WorkerEnv) {
    super(ctx as never, env as never);
    this.object = createPollerObject(ctx, env);
  }

  take(provider: string, now: number): Promise<Slot> {
    return this.object.take(provider, now);
  }

  nextAt(provider: string, now: number): Promise<number> {
    return this.object.nextAt(provider, now);
  }

  penalize(provider: string, now: number, retryAfterMs: number | null): Promise<void> {
    return this.object.penalize(provider, now, retryAfterMs);
  }

  registerAliases(provider: string, subject: string, ids: string[]): Promise<void> {
    return this.object.registerAliases(provider, subject, ids);
  }

  resolve(provider: string, ids: string[]): Promise<string | null> {
    return this.object.resolve(provider, ids);
  }
}
