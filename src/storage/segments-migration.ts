/**
 * Opening a database with the segmented log (docs/scaling.md#the-time-segmented-log-built): the
 * `events` view is rebuilt on every open. The first schema part still creates an `events` table
 * (parts are never edited), so the view is dropped before the parts run and that table is settled
 * after: rows in it (a database from before segments) become the first segment, renamed with its
 * indexes, so nothing is lost; an empty one is dropped.
 */
import { createSegments, SEGMENT_WINDOW_MS, segmentName, windowStartOf } from './segments';
import type { SqlDb } from './sql';

export { SEGMENTS_SCHEMA } from './segments';

/** Before the schema parts: the view goes, so the first part's `CREATE INDEX ... ON events` finds a table. */
export function dropEventsView(db: SqlDb): void {
  const kind = db.get<{ type: string }>("SELECT type FROM sqlite_master WHERE name = 'events'")?.type;
  if (kind === 'view') db.exec('DROP VIEW events');
}

/** After the schema parts: the `events` table becomes a segment (or goes), and the view is rebuilt. */
export function settleEventsTable(db: SqlDb): void {
  db.transaction(() => {
    const old = db.get<{ n: number; lo: number | null; hi: number | null; first: number | null; last: number | null }>(
      'SELECT COUNT(*) AS n, MIN(created_at) AS lo, MAX(created_at) AS hi, MIN(seq) AS first, MAX(seq) AS last FROM events',
    );
    const segments = createSegments(db);
    if (old && old.n > 0) {
      // One segment for everything the table holds: dropped once its newest event's window has ended.
      const start = windowStartOf(old.lo!);
      const name = segmentName(start);
      db.exec(`ALTER TABLE events RENAME TO ${name}`);
      db.run(
        'INSERT INTO event_segments (window_start, window_end, name, first_seq, last_seq, row_count) VALUES (?,?,?,?,?,?)',
        start,
        windowStartOf(old.hi!) + SEGMENT_WINDOW_MS,
        name,
        old.first,
        old.last,
        old.n,
      );
    } else {
      db.exec('DROP TABLE events');
    }
    segments.rebuildView();
  });
}
