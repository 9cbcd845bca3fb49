/**
 * The relay's services, composed once per runtime on top of one SQL driver.
 * Runtime shells (Node, Workers) build this and an app around it; nothing
 * here knows which runtime it is on.
 */
import type { Config } from '../config';
import type { Hmac } from '../core/crypto';
import type { Logger } from '../log';
import type { SqlDb } from '../storage/sql';
import { createStore } from '../storage/store';
import { createDeliveries } from './deliveries';
import type { EngineLimits } from './deliveries/engine';
import type { DeliveryQueue } from './deliveries/queue-messages';
import type { ResolveHost } from './deliveries/target-guard';
import { createHub } from './hub';
import type { FanoutFeeder } from './fanout/feeder';
import type { Defer } from './group-commit';
import { createIngest } from './ingest';
import { createRecorder, type EventPipeline } from './recorder';
import { createOutboxLink, type OutboxLinkDeps } from './shards/outbox-link';
import { shardPipeline } from './shards/outbox-sink';
import { relayMetrics } from './relay-metrics';
import { createRetentionTask, type Pruner } from './retention';
import { createTicker, type Arm, type DueTask } from './ticker';
import { createWatches } from './watches';
import type { Budgets } from './watches/budget';
import type { LearnedAliases } from './watches/deps';
import { mirrorOntoWatch } from './watches/mirror';
import { createWarpwebFollowups, followupStep } from './warpweb';

export type Runtime = 'node' | 'workers';

export interface RelayDeps {
  config: Config;
  db: SqlDb;
  logger: Logger;
  runtime: Runtime;
  /** The runtime's one timer (setTimeout on Node, the Durable Object alarm on Workers). */
  arm: Arm;
  now?: () => number;
  /** Outbound HTTP (provider polls, deliveries); tests and Workers may substitute it. */
  fetch?: typeof fetch;
  /** Outbound HTTP for deliveries only (Node: pinned to the addresses the SSRF guard judged); default: `fetch`. */
  deliveryFetch?: typeof fetch;
  /** DNS for the SSRF guard (Node: dns.lookup); without it only IP literals and local names are judged. */
  resolveHost?: ResolveHost;
  /** Delivery attempts in flight at once (default: the engine's); Workers allow few outbound connections. */
  deliveryLimits?: EngineLimits;
  /** Workers with a Queue producer binding: delivery attempts run in Queue consumers (deliveries/queue-dispatch.ts). */
  deliveryQueue?: DeliveryQueue;
  /** A faster HMAC-SHA256 than WebCrypto's, when the runtime has one (Node); used to verify webhooks. */
  hmac?: Hmac;
  /** When verified webhooks are committed as a group (Node: setImmediate); default: a microtask. */
  defer?: Defer;
  /** Workers with fan-out objects: committed events go to them in batches (fanout/feeder.ts) instead of the hub. */
  fanout?: FanoutFeeder;
  /** Workers: the resource shards in force (GET /healthz topology); 1 when this relay holds every subject. */
  shards?: number;
  /**
   * Workers resource shards: this relay decides events but does not sequence them; they go to its
   * outbox and on to the log object (shards/outbox-link.ts). Without it, events are appended here.
   */
  toLog?: Pick<OutboxLinkDeps, 'send' | 'background'>;
  /** Each provider key's request budget; default: kept in this relay's `meta` (a shard asks its key's object). */
  budgets?: Budgets;
  /** Told the aliases a poll newly taught a watch, once committed (a shard tells its key's object); never rejects. */
  aliasesLearned?: (learned: LearnedAliases) => Promise<void>;
}

export function createRelay(deps: RelayDeps) {
  const now = deps.now ?? Date.now;
  const outbound = deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const store = createStore(deps.db);
  const hub = createHub();
  const pruners: Pruner[] = [];
  const tasks: DueTask[] = [createRetentionTask(store, deps.config.retentionDays, pruners)];
  const ticker = createTicker({ tasks, arm: deps.arm, now, logger: deps.logger });
  const deliveries = createDeliveries({
    store,
    ticker,
    logger: deps.logger,
    now,
    fetch: deps.deliveryFetch ?? outbound,
    config: deps.config,
    resolveHost: deps.resolveHost,
    limits: deps.deliveryLimits,
    queue: deps.deliveryQueue,
    // Operational events about deliveries (delivery-alerts.ts) go through the recorder made below.
    recorder: () => recorder,
  });
  const counted = relayMetrics({ store, runtime: deps.runtime });

  /*
   * One webhook, step by step: its provider verifies and parses it (ingest.ts); then, in one
   * transaction (shared by the webhooks of one turn: group-commit.ts), it claims its dedup key,
   * each state signal is offered to the watches (watches/webhook-signal.ts: a Lindo hint about a
   * watched build polls instead; an unwatched, unfinished build starts a watch) and the state
   * tracker decides whether it is an event (recorder.ts). Every event, whoever wrote it (a webhook,
   * a poll: watches/handle-outcome.ts, the relay's own watch.* events), then goes through:
   */
  const mirror = mirrorOntoWatch(store);
  const followups = followupStep({ store, config: deps.config }, ticker);
  const pipeline: EventPipeline = {
    // In the transaction that appends it, in this order:
    inTransaction: [
      // 1. One delivery row per matching enabled subscription (deliveries/index.ts).
      deliveries.queue,
      // 2. The watch following its subject takes its status, and ends on a terminal one (watches/mirror.ts).
      mirror,
      // 3. Counted in sitewire_events_total (relay-metrics.ts).
      counted.count,
      // 4. A watched Warpweb site that went live gets its pause check; an ended revision drops its checks (warpweb/followup-step.ts).
      followups,
    ],
    // 5. Once committed: published to live SSE streams (hub.ts, or the fan-out objects that hold them on
    // Workers: fanout/feeder.ts); only then is the webhook answered.
    afterCommit: [deps.fanout?.publish ?? hub.publish],
  };
  // On a resource shard (Workers) only the steps that need the subject's watch (2 and 4) run where the
  // event is decided, and a commit sends the outbox on; the log object runs the whole list when it
  // appends the event (and finds no watch there).
  const outbox = deps.toLog && createOutboxLink({ ...deps.toLog, store, ticker, logger: deps.logger, now });
  if (outbox) tasks.push(outbox.task);
  const recorder = outbox
    ? createRecorder({ store, now, ...shardPipeline(store, [mirror, followups], outbox.forward) })
    : createRecorder({ store, now, pipeline });

  const polling = new AbortController();
  // What the provider-facing services share: polls, and Warpweb's revision and pause checks.
  const providerDeps = {
    config: deps.config,
    store,
    recorder,
    ticker,
    fetch: outbound,
    now,
    logger: deps.logger,
    stop: polling.signal,
    budgets: deps.budgets,
    aliasesLearned: deps.aliasesLearned,
  };
  const watches = createWatches(providerDeps);
  const warpweb = createWarpwebFollowups(providerDeps);
  tasks.push(...watches.tasks, deliveries.task, warpweb.task);
  pruners.push(watches.prune, deliveries.prune, warpweb.prune);
  const ingest = createIngest({
    config: deps.config,
    store,
    recorder,
    now,
    hmac: deps.hmac,
    defer: deps.defer,
    settle: outbox?.forward,
    takeStateSignal: (provider, signal, w) => {
      warpweb.claimRevisionSignal(provider, signal);
      return watches.takeStateSignal(provider, signal, w);
    },
  });
  const closers: (() => void)[] = [deliveries.stop, () => polling.abort()];
  const metrics = [...counted.collectors, ...watches.metrics, ...deliveries.metrics];
  return {
    config: deps.config,
    logger: deps.logger,
    runtime: deps.runtime,
    /** The outbound fetch polls and deliveries use (read through the global fetch at each call unless replaced). */
    fetch: outbound,
    now,
    store,
    hub,
    recorder,
    ingest,
    ticker,
    watches,
    /** Warpweb revisions, refresh and the follow-up checks of watched sites (warpweb/index.ts). */
    warpweb,
    /** Features add their retention pruning here. */
    pruners,
    /** The /metrics collectors (see relay-metrics.ts, stored-counter.ts). */
    metrics,
    /** Subscriber webhooks: subscriptions, delivery rows and the delivery task. */
    deliveries,
    /** The objects holding SSE streams: 1 when they are held here (Node, or Workers without fan-outs). */
    fanouts: deps.fanout?.objects ?? 1,
    /** The objects holding resource state: 1 when it is all held here. */
    shards: deps.shards ?? 1,
    /** Stops background work; the runtime closes the database after this. */
    close(): void {
      for (const close of closers) close();
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
