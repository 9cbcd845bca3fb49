/**
 * Per-resource order as data: of the active (pending or failed) rows of one
 * (subscription, subject), exactly one is the head, the earliest event; only
 * heads are attempted. These statements keep that true as rows are queued,
 * finish and are re-queued, inside the caller's transaction.
 */
import type { SqlDb } from './sql';

export const ACTIVE = `status IN ('pending', 'failed')`;

/** Does the group have an active row? (Stops at the first: cheap whatever the backlog.) */
const GROUP_BUSY = `EXISTS (SELECT 1 FROM deliveries g WHERE g.subscription_id = ? AND g.subject = ? AND g.${ACTIVE})`;

export function createDeliveryHeads(db: SqlDb) {
  return {
    /** SQL for "1 when a row (not active itself) queued now would be the head of its group": params subscription, subject. */
    headIfAlone: `CASE WHEN ${GROUP_BUSY} THEN 0 ELSE 1 END`,

    /** After a row left the active states: the group's earliest active row becomes its head. */
    promoteNext(subscriptionId: string, subject: string): void {
      db.run(
        `UPDATE deliveries SET head = 1 WHERE id = (SELECT id FROM deliveries WHERE subscription_id = ? AND subject = ?
           AND ${ACTIVE} ORDER BY event_seq, id LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM deliveries h WHERE h.subscription_id = ? AND h.subject = ? AND h.head = 1)`,
        subscriptionId,
        subject,
        subscriptionId,
        subject,
      );
    },

    /** Gives every group with active rows but no head its head (after pruning, or a crash of an older version). */
    repair(): number {
      return db.run(
        `UPDATE deliveries SET head = 1 WHERE id IN (
           SELECT (SELECT e.id FROM deliveries e WHERE e.subscription_id = a.subscription_id AND e.subject = a.subject
                     AND e.${ACTIVE} ORDER BY e.event_seq, e.id LIMIT 1)
           FROM (SELECT DISTINCT subscription_id, subject FROM deliveries WHERE ${ACTIVE}) a
           WHERE NOT EXISTS (SELECT 1 FROM deliveries h WHERE h.subscription_id = a.subscription_id
                               AND h.subject = a.subject AND h.head = 1))`,
      );
    },
  };
}
