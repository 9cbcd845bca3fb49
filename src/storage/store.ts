/**
 * The store: every table the relay keeps, on any SqlDb driver. Services
 * depend on this, never on a driver.
 */
import { createCountersStore } from './counters-store';
import { createDeliveriesStore } from './deliveries-store';
import { createEventsStore } from './events-store';
import { createFollowupsStore } from './followups-store';
import { createInboxStore } from './inbox-store';
import { createMetaStore } from './meta-store';
import { createOutboxStore } from './outbox-store';
import { createResourcesStore } from './resources-store';
import { applySchema } from './schema';
import type { SqlDb } from './sql';
import { createWatchesStore } from './watches-store';
import { createSubscriptionsStore } from './subscriptions-store';

export function createStore(db: SqlDb) {
  applySchema(db);
  return {
    transaction: <T>(fn: () => T): T => db.transaction(fn),
    /** A trivial query: the health check. */
    ping: (): boolean => db.get<{ ok: number }>('SELECT 1 AS ok')?.ok === 1,
    events: createEventsStore(db),
    inbox: createInboxStore(db),
    resources: createResourcesStore(db),
    meta: createMetaStore(db),
    counters: createCountersStore(db),
    watches: createWatchesStore(db),
    subscriptions: createSubscriptionsStore(db),
    deliveries: createDeliveriesStore(db),
    /** Warpweb revision and pause checks of watched sites. */
    followups: createFollowupsStore(db),
    /** A resource shard's outbox and the log's per-shard cursors (sharded ingest on Workers). */
    outbox: createOutboxStore(db),
  };
}

export type Store = ReturnType<typeof createStore>;
