/**
 * Delivery rows: one per (subscription, event) to send, due at
 * next_attempt_at, with the attempt log. The due queries keep per-resource
 * order: a row waits while an earlier row of the same subscription and
 * subject is still pending or failed.
 */
import type { StoredEvent } from '../core/event';
import { newId } from '../core/ids';
import { fromRow, type AttemptUpdate, type Delivery, type DeliveryStatus, type Row } from './delivery-row';
import type { SqlDb } from './sql';

export type { AttemptRecord, AttemptUpdate, Delivery, DeliveryStatus } from './delivery-row';

/** The attempt log keeps this many records; older ones are dropped (attempt numbers stay). */
const MAX_LOG = 50;
const ACTIVE = `status IN ('pending', 'failed')`;
/** Rows whose earlier sibling (same subscription and subject) is still active are not eligible yet. */
const IN_ORDER = `NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.subscription_id = d.subscription_id
  AND e.subject = d.subject AND e.${ACTIVE} AND (e.event_seq < d.event_seq OR (e.event_seq = d.event_seq AND e.id < d.id)))`;

export function createDeliveriesStore(db: SqlDb) {
  return {
    /** Queues one delivery of an event; with onlyIfIdle, not when one is already queued (replays). */
    enqueue(subscriptionId: string, e: StoredEvent, now: number, onlyIfIdle = false): boolean {
      return (
        db.run(
          `INSERT INTO deliveries (id, subscription_id, event_seq, event_id, event_type, subject, status, next_attempt_at, created_at, updated_at)
           SELECT ?,?,?,?,?,?,'pending',?,?,? WHERE ? = 0 OR NOT EXISTS
             (SELECT 1 FROM deliveries WHERE subscription_id = ? AND event_seq = ? AND ${ACTIVE})`,
          newId('dlv', now), subscriptionId, e.seq, e.id, e.type, e.subject, now, now, now,
          onlyIfIdle ? 1 : 0, subscriptionId, e.seq,
        ) === 1
      );
    },

    get(id: string): Delivery | undefined {
      const r = db.get<Row>('SELECT * FROM deliveries WHERE id = ?', id);
      return r && fromRow(r);
    },

    /** Enabled subscriptions that have at least one row due now. */
    subscriptionsDue(now: number): string[] {
      return db
        .all<{ id: string }>(
          `SELECT s.id FROM subscriptions s WHERE s.enabled = 1 AND EXISTS (SELECT 1 FROM deliveries d
             WHERE d.subscription_id = s.id AND d.${ACTIVE} AND d.next_attempt_at <= ?)`,
          now,
        )
        .map((r) => r.id);
    },

    /** Rows of one subscription that may be attempted now, oldest event first. */
    dueFor(subscriptionId: string, now: number, limit: number): Delivery[] {
      return db
        .all<Row>(
          `SELECT * FROM deliveries d WHERE d.subscription_id = ? AND d.${ACTIVE} AND d.next_attempt_at <= ?
             AND ${IN_ORDER} ORDER BY d.event_seq, d.id LIMIT ?`,
          subscriptionId, now, limit,
        )
        .map(fromRow);
    },

    /** The earliest time an eligible row of an enabled subscription is due, or null when none waits. */
    nextDueAt(): number | null {
      const r = db.get<{ at: number | null }>(
        `SELECT MIN(d.next_attempt_at) AS at FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
         WHERE s.enabled = 1 AND d.${ACTIVE} AND ${IN_ORDER}`,
      );
      return r?.at ?? null;
    },

    /** Marks a row as being attempted, pushed to `until` so it is not picked again meanwhile. */
    claim(id: string, now: number, until: number): void {
      db.run('UPDATE deliveries SET claimed_at = ?, next_attempt_at = ? WHERE id = ?', now, until, id);
    },

    /** Claims left by a process that stopped mid-attempt become due again (called once at start). */
    releaseClaims(now: number): number {
      return db.run(`UPDATE deliveries SET claimed_at = NULL, next_attempt_at = ? WHERE claimed_at IS NOT NULL AND ${ACTIVE}`, now);
    },

    recordAttempt(d: Delivery, u: AttemptUpdate): void {
      const log = [...d.attempts, u.record].slice(-MAX_LOG);
      db.run(
        `UPDATE deliveries SET status = ?, next_attempt_at = ?, claimed_at = NULL, attempt_count = attempt_count + 1,
           round_attempts = round_attempts + 1, last_error = ?, attempts = ?, updated_at = ? WHERE id = ?`,
        u.status, u.nextAttemptAt, u.record.error, JSON.stringify(log), u.record.at, d.id,
      );
    },

    /** Gives up on a row without an attempt (its event was pruned). */
    markDead(id: string, error: string, now: number): void {
      db.run(`UPDATE deliveries SET status = 'dead', next_attempt_at = NULL, claimed_at = NULL, last_error = ?, updated_at = ? WHERE id = ?`, error, now, id);
    },

    /** Queues a delivery again with a fresh retry schedule (manual retry). */
    requeue(id: string, now: number): boolean {
      return db.run(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = ?, claimed_at = NULL, round_attempts = 0, updated_at = ? WHERE id = ?`,
        now, now, id,
      ) === 1;
    },

    /** Newest first, before a cursor (an id). */
    list(subscriptionId: string, status: DeliveryStatus | undefined, beforeId: string | null, limit: number): Delivery[] {
      return db
        .all<Row>(
          `SELECT * FROM deliveries WHERE subscription_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR id < ?)
           ORDER BY id DESC LIMIT ?`,
          subscriptionId, status ?? null, status ?? null, beforeId, beforeId, limit,
        )
        .map(fromRow);
    },

    deleteForSubscription(subscriptionId: string): number {
      return db.run('DELETE FROM deliveries WHERE subscription_id = ?', subscriptionId);
    },

    /** Counts by status and the oldest active row (for metrics and the dashboard). */
    stats(): { byStatus: Record<DeliveryStatus, number>; oldestActiveAt: number | null } {
      const byStatus: Record<DeliveryStatus, number> = { pending: 0, failed: 0, succeeded: 0, dead: 0 };
      for (const r of db.all<{ status: DeliveryStatus; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status')) {
        byStatus[r.status] = r.n;
      }
      const oldest = db.get<{ at: number | null }>(`SELECT MIN(created_at) AS at FROM deliveries WHERE ${ACTIVE}`);
      return { byStatus, oldestActiveAt: oldest?.at ?? null };
    },

    pruneBefore(cutoff: number): number {
      return db.run('DELETE FROM deliveries WHERE created_at < ?', cutoff);
    },
  };
}

export type DeliveriesStore = ReturnType<typeof createDeliveriesStore>;
