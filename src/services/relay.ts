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
import { createHub } from './hub';
import type { Defer } from './group-commit';
import { createIngest } from './ingest';
import { createRecorder } from './recorder';
import { createRetentionTask, type Pruner } from './retention';
import { createTicker, type Arm, type DueTask } from './ticker';

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
  /** A faster HMAC-SHA256 than WebCrypto's, when the runtime has one (Node); used to verify webhooks. */
  hmac?: Hmac;
  /** When verified webhooks are committed as a group (Node: setImmediate); default: a microtask. */
  defer?: Defer;
}

export function createRelay(deps: RelayDeps) {
  const now = deps.now ?? Date.now;
  const store = createStore(deps.db);
  const hub = createHub();
  const recorder = createRecorder({ store, hub, now });
  const ingest = createIngest({ config: deps.config, store, recorder, now, hmac: deps.hmac, defer: deps.defer });
  const pruners: Pruner[] = [];
  const tasks: DueTask[] = [createRetentionTask(store, deps.config.retentionDays, pruners)];
  const ticker = createTicker({ tasks, arm: deps.arm, now, logger: deps.logger });
  return {
    config: deps.config,
    logger: deps.logger,
    runtime: deps.runtime,
    fetch: deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
    now,
    store,
    hub,
    recorder,
    ingest,
    ticker,
    /** Features add their due-row tasks here before the first tick. */
    tasks,
    /** Features add their retention pruning here. */
    pruners,
  };
}

export type Relay = ReturnType<typeof createRelay>;
