/**
 * Delivery rows as per-subscription settings move them (docs/api.md#delivery-settings):
 * heads pushed to when the circuit or the rate limit lets them go (so the due-rows
 * timer wakes exactly then), brought back when the circuit closes, a window of
 * failed or dead rows re-queued, and the per-subscription backlog for metrics.
 */
import { ACTIVE } from './delivery-heads';
import type { DeliveryStatus } from './delivery-row';
import type { SqlDb } from './sql';

/** Bounds of a recovery window, each inclusive; a sequence bounds the event, a time the delivery's creation. */
export interface RecoverWindow {
  sinceSeq?: number;
  sinceTime?: number;
  untilSeq?: number;
  untilTime?: number;
  statuses: readonly DeliveryStatus[];
}

export interface SubscriptionBacklog {
  subscriptionId: string;
  pending: number;
  oldestAt: number;
}

export function createDeliveriesControl(db: SqlDb, requeue: (id: string, now: number) => boolean) {
  return {
    /** No head of the subscription is due before `until` (heads being attempted keep their claim). */
    deferHeads(subscriptionId: string, until: number): void {
      db.run(
        `UPDATE deliveries SET next_attempt_at = ? WHERE subscription_id = ? AND head = 1 AND claimed_at IS NULL
           AND next_attempt_at < ?`,
        until,
        subscriptionId,
        until,
      );
    },

    /** Heads pushed to at most `upTo` are due now again (the circuit closed early, or was turned off). */
    resumeHeads(subscriptionId: string, upTo: number, now: number): number {
      return db.run(
        `UPDATE deliveries SET next_attempt_at = ? WHERE subscription_id = ? AND head = 1 AND claimed_at IS NULL
           AND next_attempt_at > ? AND next_attempt_at <= ?`,
        now,
        subscriptionId,
        now,
        upTo,
      );
    },

    /** Re-queues the rows of a window in event order, so each resource's earliest becomes its head; returns how many. */
    recoverWindow(subscriptionId: string, w: RecoverWindow, now: number): number {
      if (w.statuses.length === 0) return 0;
      return db.transaction(() => {
        const ids = db.all<{ id: string }>(
          `SELECT id FROM deliveries WHERE subscription_id = ? AND status IN (${w.statuses.map(() => '?').join(',')})
             AND (? IS NULL OR event_seq >= ?) AND (? IS NULL OR event_seq <= ?)
             AND (? IS NULL OR created_at >= ?) AND (? IS NULL OR created_at <= ?)
           ORDER BY event_seq, id`,
          subscriptionId,
          ...w.statuses,
          ...[w.sinceSeq, w.untilSeq, w.sinceTime, w.untilTime].flatMap((v) => [v ?? null, v ?? null]),
        );
        for (const { id } of ids) requeue(id, now);
        return ids.length;
      });
    },

    /** Active rows per subscription and the oldest one's creation time. */
    backlog(): SubscriptionBacklog[] {
      return db
        .all<{ subscription_id: string; n: number; oldest: number }>(
          `SELECT subscription_id, COUNT(*) AS n, MIN(created_at) AS oldest FROM deliveries WHERE ${ACTIVE}
           GROUP BY subscription_id`,
        )
        .map((r) => ({ subscriptionId: r.subscription_id, pending: r.n, oldestAt: r.oldest }));
    },
  };
}
