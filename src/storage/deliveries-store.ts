/**
 * Delivery rows: one per (subscription, event) to send, due at
 * next_attempt_at, with the attempt log. Only heads (delivery-heads.ts) are
 * ever due, which keeps per-resource order and keeps the due queries cheap
 * however long a backlog grows.
 */
import type { StoredEvent } from '../core/event';
import { newId } from '../core/ids';
import { createDeliveriesControl } from './deliveries-control';
import { ACTIVE, createDeliveryHeads } from './delivery-heads';
import { fromRow, type AttemptUpdate, type Delivery, type DeliveryStatus, type Row } from './delivery-row';
import type { SqlDb } from './sql';

export type { AttemptRecord, AttemptUpdate, Delivery, DeliveryStatus } from './delivery-row';

/** The attempt log keeps this many records; older ones are dropped (attempt numbers stay). */
const MAX_LOG = 50;

export function createDeliveriesStore(db: SqlDb) {
  const heads = createDeliveryHeads(db);
  const isActive = (s: DeliveryStatus) => s === 'pending' || s === 'failed';

  const store = {
    /** Queues one delivery of an event; with onlyIfIdle, not when one is already queued (replays). */
    enqueue(subscriptionId: string, e: StoredEvent, now: number, onlyIfIdle = false): boolean {
      const id = newId('dlv', now);
      return (
        db.run(
          `INSERT INTO deliveries (id, subscription_id, event_seq, event_id, event_type, subject, status, head, next_attempt_at, created_at, updated_at)
           SELECT ?,?,?,?,?,?,'pending',${heads.headIfAlone},?,?,? WHERE ? = 0 OR NOT EXISTS
             (SELECT 1 FROM deliveries WHERE subscription_id = ? AND subject = ? AND event_seq = ? AND ${ACTIVE})`,
          id,
          subscriptionId,
          e.seq,
          e.id,
          e.type,
          e.subject,
          subscriptionId,
          e.subject,
          now,
          now,
          now,
          onlyIfIdle ? 1 : 0,
          subscriptionId,
          e.subject,
          e.seq,
        ) === 1
      );
    },

    get(id: string): Delivery | undefined {
      const r = db.get<Row>('SELECT * FROM deliveries WHERE id = ?', id);
      return r && fromRow(r);
    },

    /** Rows of one subscription that may be attempted now (heads that are due), longest due first. */
    dueFor(subscriptionId: string, now: number, limit: number): Delivery[] {
      return db
        .all<Row>(
          'SELECT * FROM deliveries WHERE subscription_id = ? AND head = 1 AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?',
          subscriptionId,
          now,
          limit,
        )
        .map(fromRow);
    },

    /** The earliest time after `after` at which a row of an enabled subscription comes due; null when none will. */
    nextDueAfter(after: number): number | null {
      return (
        db.get<{ at: number }>(
          `SELECT d.next_attempt_at AS at FROM deliveries d WHERE d.head = 1 AND d.next_attempt_at > ?
             AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = d.subscription_id AND s.enabled = 1)
           ORDER BY d.next_attempt_at LIMIT 1`,
          after,
        )?.at ?? null
      );
    },

    /** Marks a row as being attempted, pushed to `until` so it is not picked again meanwhile. */
    claim(id: string, now: number, until: number): void {
      db.run('UPDATE deliveries SET claimed_at = ?, next_attempt_at = ? WHERE id = ?', now, until, id);
    },

    /** The active row under exactly this claim (its claimed_at); undefined once re-claimed or recorded. */
    leased(id: string, lease: number): Delivery | undefined {
      const r = db.get<Row>(`SELECT * FROM deliveries WHERE id = ? AND claimed_at = ? AND ${ACTIVE}`, id, lease);
      return r && fromRow(r);
    },

    /** At start: rows claimed by a process that stopped mid-attempt are due again, and every group has its head. */
    recover(now: number): void {
      db.transaction(() => {
        db.run(
          `UPDATE deliveries SET claimed_at = NULL, next_attempt_at = ? WHERE claimed_at IS NOT NULL AND ${ACTIVE}`,
          now,
        );
        heads.repair();
      });
    },

    /** Records an attempt; must run inside the caller's transaction. */
    recordAttempt(d: Delivery, u: AttemptUpdate): void {
      const log = [...d.attempts, u.record].slice(-MAX_LOG);
      const done = !isActive(u.status);
      db.run(
        `UPDATE deliveries SET status = ?, head = CASE WHEN ? THEN 0 ELSE head END, next_attempt_at = ?, claimed_at = NULL,
           attempt_count = attempt_count + 1, round_attempts = round_attempts + 1, last_error = ?, attempts = ?, updated_at = ?
         WHERE id = ?`,
        u.status,
        done ? 1 : 0,
        u.nextAttemptAt,
        u.record.error,
        JSON.stringify(log),
        u.record.at,
        d.id,
      );
      if (done) heads.promoteNext(d.subscriptionId, d.subject);
    },

    /** Gives up on a row without an attempt (its event was pruned). */
    markDead(d: Delivery, error: string, now: number): void {
      db.transaction(() => {
        db.run(
          `UPDATE deliveries SET status = 'dead', head = 0, next_attempt_at = NULL, claimed_at = NULL, last_error = ?, updated_at = ? WHERE id = ?`,
          error,
          now,
          d.id,
        );
        heads.promoteNext(d.subscriptionId, d.subject);
      });
    },

    /** Queues a delivery again now with a fresh retry schedule (manual retry); behind its resource's active rows. */
    requeue(id: string, now: number): boolean {
      return db.transaction(() => {
        const d = db.get<Row>('SELECT * FROM deliveries WHERE id = ?', id);
        if (!d) return false;
        db.run(
          `UPDATE deliveries SET status = 'pending', head = CASE WHEN ? THEN head ELSE ${heads.headIfAlone} END,
             next_attempt_at = ?, claimed_at = NULL, round_attempts = 0, updated_at = ? WHERE id = ?`,
          isActive(d.status) ? 1 : 0,
          d.subscription_id,
          d.subject,
          now,
          now,
          id,
        );
        return true;
      });
    },

    /** Newest first, before a cursor (an id). */
    list(
      subscriptionId: string,
      status: DeliveryStatus | undefined,
      beforeId: string | null,
      limit: number,
    ): Delivery[] {
      return db
        .all<Row>(
          `SELECT * FROM deliveries WHERE subscription_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR id < ?)
           ORDER BY id DESC LIMIT ?`,
          subscriptionId,
          status ?? null,
          status ?? null,
          beforeId,
          beforeId,
          limit,
        )
        .map(fromRow);
    },

    deleteForSubscription(subscriptionId: string): number {
      return db.run('DELETE FROM deliveries WHERE subscription_id = ?', subscriptionId);
    },

    /** Counts by status and the oldest active row (for metrics and the dashboard). */
    stats(): { byStatus: Record<DeliveryStatus, number>; oldestActiveAt: number | null } {
      const byStatus: Record<DeliveryStatus, number> = { pending: 0, failed: 0, succeeded: 0, dead: 0 };
      for (const r of db.all<{ status: DeliveryStatus; n: number }>(
        'SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status',
      )) {
        byStatus[r.status] = r.n;
      }
      const oldest = db.get<{ at: number | null }>(`SELECT MIN(created_at) AS at FROM deliveries WHERE ${ACTIVE}`);
      return { byStatus, oldestActiveAt: oldest?.at ?? null };
    },

    /** Deletes rows created before the cutoff (with keepActive, finished ones only); inside the caller's transaction. */
    pruneBefore(cutoff: number, keepActive = false): number {
      const active = keepActive ? " AND status NOT IN ('pending', 'failed')" : '';
      const n = db.run(`DELETE FROM deliveries WHERE created_at < ?${active}`, cutoff);
      if (n) heads.repair();
      return n;
    },
  };
  return { ...store, ...createDeliveriesControl(db, store.requeue) };
}
