/**
 * The delivery task when attempts run in Queue consumers (Workers with a
 * `DELIVERIES` producer binding). The object that owns the rows stays the
 * source of truth: each run claims the due heads with a lease (the claim
 * time), signs them, and sends them to the Queue; outcomes come back in
 * batches and are recorded only under the lease they were claimed with.
 * A lost outcome leaves the lease to expire, and the head is due again.
 */
import type { Logger } from '../../log';
import type { Store } from '../../storage/store';
import type { Subscription } from '../../storage/subscriptions-store';
import type { DueTask } from '../ticker';
import { deliveryHeaders } from './attempt';
import type { AttemptGate } from './attempt-gate';
import { deliveryMessage, packBatches } from './queue-messages';
import type { DeliveryMessage, DeliveryOutcome, DeliveryQueue } from './queue-messages';
import { recordOutcome, type RecordDeps } from './record-outcome';

/** A claim outlives its attempt's timeout by this much: the time a message may wait in the Queue. */
export const QUEUE_LEASE_MARGIN_MS = 30_000;
/** Heads claimed in one run at most; the rest are due at once, in the next run. */
export const MAX_CLAIMS_PER_RUN = 1_000;

export interface QueueDispatchDeps {
  store: Store;
  logger: Logger;
  now: () => number;
  queue: DeliveryQueue;
  /** A subscription's attempt timeout (its own setting, else the relay's). */
  timeoutFor: (sub: Subscription) => number;
  /** Circuit and rate limit: which due heads may be claimed. */
  gate: AttemptGate;
  record: RecordDeps;
  secretsFor: (sub: Subscription, at: number) => string[];
  /** Marks the delivery task due at `at` (a recorded outcome sets a retry time or makes the next head due). */
  wake: (at: number) => void;
}

export function createQueueDispatcher(deps: QueueDispatchDeps) {
  const { store, logger, now } = deps;

  /** Claims and signs every due head there is room for, subscription by subscription. */
  async function claimDue(at: number): Promise<DeliveryMessage[]> {
    const messages: DeliveryMessage[] = [];
    let room = MAX_CLAIMS_PER_RUN;
    for (const sub of store.subscriptions.enabled()) {
      if (room <= 0) break;
      const due = store.deliveries.dueFor(sub.id, at, room);
      const admitted = due.length > 0 ? store.transaction(() => deps.gate.admit(sub, due, at)) : [];
      for (const d of admitted) {
        room -= 1;
        const event = store.events.byId(d.eventId);
        if (!event) {
          store.deliveries.markDead(d, 'the event was pruned before it could be delivered', at);
          const fields = { delivery: d.id, subscription: sub.id, event: d.eventId, reason: 'event pruned' };
          logger.warn('delivery dead', fields);
          continue;
        }
        const timeoutMs = deps.timeoutFor(sub);
        store.deliveries.claim(d.id, at, at + timeoutMs + QUEUE_LEASE_MARGIN_MS);
        const secrets = deps.secretsFor(sub, at);
        const req = {
          url: sub.url,
          secrets,
          eventId: event.id,
          body: event.json,
          at,
          contentMode: sub.contentMode,
          headers: sub.settings.headers,
        };
        const headers = await deliveryHeaders(req);
        messages.push(deliveryMessage({ id: d.id, lease: at, url: sub.url, headers, timeoutMs }, event.json));
      }
    }
    return messages;
  }

  const task: DueTask = {
    name: 'deliver',
    async run() {
      const messages = await claimDue(now());
      try {
        for (const batch of packBatches(messages)) {
          await deps.queue.sendBatch(batch.map((body) => ({ body, contentType: 'json' as const })));
        }
      } catch (err) {
        // The claims stand: their leases expire and the heads are due again then.
        logger.error('deliveries not queued', { error: String(err) });
      }
      return store.deliveries.nextDueAfter(-1);
    },
  };

  return {
    task,
    /** A body sent by reference, while its claim holds; null once stale. */
    body(id: string, lease: number): string | null {
      const d = store.deliveries.leased(id, lease);
      return d ? (store.events.byId(d.eventId)?.json ?? null) : null;
    },
    /** Records a consumer batch's outcomes; an outcome whose lease was re-claimed or already recorded is ignored. */
    accept(outcomes: readonly DeliveryOutcome[]): { recorded: number; stale: number } {
      let recorded = 0;
      for (const o of outcomes) {
        const d = store.deliveries.leased(o.id, o.lease);
        if (!d) continue;
        recordOutcome(deps.record, d, o.report, o.startedAt, o.finishedAt);
        recorded += 1;
      }
      // Straight to the earliest due head (a retry, or a head just promoted): no extra alarm run to find it.
      const due = recorded > 0 ? store.deliveries.nextDueAfter(-1) : null;
      if (due !== null) deps.wake(due);
      const stale = outcomes.length - recorded;
      if (stale > 0) logger.info('stale delivery outcomes ignored', { count: stale });
      return { recorded, stale };
    },
  };
}

export type QueueDispatcher = ReturnType<typeof createQueueDispatcher>;
