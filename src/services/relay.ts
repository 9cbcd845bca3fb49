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
import type { ResolveHost } from './deliveries/target-guard';
import { createHub } from './hub';
import type { Defer } from './group-commit';
import { createIngest } from './ingest';
import { createRecorder } from './recorder';
import { relayMetrics } from './relay-metrics';
import { createRetentionTask, type Pruner } from './retention';
import { createTicker, type Arm, type DueTask } from './ticker';
import { createWatches } from './watches';

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
  /** A faster HMAC-SHA256 than WebCrypto's, when the runtime has one (Node); used to verify webhooks. */
  hmac?: Hmac;
  /** When verified webhooks are committed as a group (Node: setImmediate); default: a microtask. */
  defer?: Defer;
}

export function createRelay(deps: RelayDeps) {
  const now = deps.now ?? Date.now;
  const outbound = deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const store = createStore(deps.db);
  const hub = createHub();
  const recorder = createRecorder({ store, hub, now });
  const ingest = createIngest({ config: deps.config, store, recorder, now, hmac: deps.hmac, defer: deps.defer });
  const pruners: Pruner[] = [];
  const tasks: DueTask[] = [createRetentionTask(store, deps.config.retentionDays, pruners)];
  const ticker = createTicker({ tasks, arm: deps.arm, now, logger: deps.logger });
  const polling = new AbortController();
  const watches = createWatches({ config: deps.config, store, recorder, ingest, ticker, fetch: outbound, now, logger: deps.logger, stop: polling.signal });
  tasks.push(...watches.tasks);
  pruners.push(watches.prune);
  const deliveries = createDeliveries({
    store, recorder, ticker, logger: deps.logger, now, fetch: deps.deliveryFetch ?? outbound, config: deps.config,
    resolveHost: deps.resolveHost,
    limits: deps.deliveryLimits,
  });
  tasks.push(deliveries.task);
  pruners.push(deliveries.prune);
  const closers: (() => void)[] = [deliveries.stop, () => polling.abort()];
  const metrics = relayMetrics({ store, recorder, runtime: deps.runtime });
  metrics.push(...watches.metrics, ...deliveries.metrics);
  return {
    config: deps.config,
    logger: deps.logger,
    runtime: deps.runtime,
    fetch: outbound,
    now,
    store,
    hub,
    recorder,
    ingest,
    ticker,
    watches,
    /** Features add their due-row tasks here before the first tick. */
    tasks,
    /** Features add their retention pruning here. */
    pruners,
    /** Features add their /metrics collectors here (see relay-metrics.ts, stored-counter.ts). */
    metrics,
    /** Subscriber webhooks: subscriptions, delivery rows and the delivery task. */
    deliveries,
    /** Features add what must stop before the database closes (in-flight outbound work). */
    closers,
    /** Stops background work; the runtime closes the database after this. */
    close(): void {
      for (const close of closers) close();
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
