/**
 * A resource shard's outbox, and the log's per-shard cursors
 * (docs/scaling.md#the-shard-outbox-and-the-logs-cursors). Outbox positions
 * come from meta.outbox_position, so they are contiguous and never reused,
 * even after acknowledged rows are deleted: the log can tell a retried
 * forward (at or below its cursor) from a new one by the number alone.
 */
import type { NewEvent } from '../core/event';
import type { ResourceState } from '../core/state-tracker';
import type { SqlDb } from './sql';

export interface OutboxEntry {
  position: number;
  event: NewEvent;
  /** The subject's state after the event (its lastSeq is the log's to set); null for events without state. */
  resource: ResourceState | null;
}

export function createOutboxStore(db: SqlDb) {
  return {
    /** The next outbox position; must run inside the transaction that adds the entry. */
    nextPosition(): number {
      const row = db.get<{ value: string }>(
        `INSERT INTO meta (key, value) VALUES ('outbox_position', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`,
      )!;
      return Number(row.value);
    },
    add(entry: OutboxEntry, now: number): void {
      db.run(
        'INSERT INTO outbox (position, event, resource, created_at) VALUES (?,?,?,?)',
        entry.position,
        JSON.stringify(entry.event),
        entry.resource && JSON.stringify(entry.resource),
        now,
      );
    },
    /** The oldest entries not yet acknowledged, in position order. */
    pending(limit: number): OutboxEntry[] {
      return db
        .all<{ position: number; event: string; resource: string | null }>(
          'SELECT position, event, resource FROM outbox ORDER BY position LIMIT ?',
          limit,
        )
        .map((r) => ({
          position: r.position,
          event: JSON.parse(r.event) as NewEvent,
          resource: r.resource === null ? null : (JSON.parse(r.resource) as ResourceState),
        }));
    },
    /** Drops what the log has acknowledged: every entry at or below `position`. */
    acknowledge(position: number): void {
      db.run('DELETE FROM outbox WHERE position <= ?', position);
    },
    /** The log's side: the last position of `source` it appended (0 before the first). */
    cursor(source: string): number {
      return db.get<{ position: number }>('SELECT position FROM log_cursors WHERE source = ?', source)?.position ?? 0;
    },
    advance(source: string, position: number): void {
      db.run(
        `INSERT INTO log_cursors (source, position) VALUES (?,?)
         ON CONFLICT (source) DO UPDATE SET position = excluded.position`,
        source,
        position,
      );
    },
  };
}
