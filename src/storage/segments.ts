/**
 * The time-segmented event log (docs/scaling.md#the-time-segmented-log-built): events live in one
 * table per time window, listed in the segment directory, and `events` is a view over the live
 * segments, rebuilt whenever one is created or dropped, so every read stays one indexed query.
 * Retention drops whole segments: a DROP TABLE writes almost nothing, where deleting row by row
 * writes every row and index entry again (what a Durable Object bills and what its 10 GB holds).
 */
import type { SqlDb } from './sql';

/** The width of a segment's time window: one UTC day. */
export const SEGMENT_WINDOW_MS = 86_400_000;

/** Events whose segment was dropped while a delivery still waited for them (kept one by one). */
export const HELD_TABLE = 'events_held';

const COLUMNS = 'seq, id, type, subject, provider, time, source, created_at, body';

/** The same columns and indexes as the first `events` table (schema.ts). */
export const eventsTableSql = (name: string): string => `
CREATE TABLE IF NOT EXISTS ${name} (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  provider   TEXT NOT NULL,
  time       TEXT NOT NULL,
  source     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  body       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ${name}_subject_seq ON ${name} (subject, seq);
CREATE INDEX IF NOT EXISTS ${name}_created_at ON ${name} (created_at);
`;

/**
 * The directory: one row per live segment, its window [start, end) and the sequences it holds,
 * updated in the appending transaction (that update replaces the `meta.event_seq` write, so an
 * append writes as many rows as before). `meta.event_seq` keeps the newest sequence of dropped
 * segments, so no sequence is given out twice.
 */
export const SEGMENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS event_segments (
  window_start INTEGER PRIMARY KEY,
  window_end   INTEGER NOT NULL,
  name         TEXT NOT NULL,
  first_seq    INTEGER NOT NULL,
  last_seq     INTEGER NOT NULL,
  row_count    INTEGER NOT NULL
);
${eventsTableSql(HELD_TABLE)}`;

export interface Segment {
  windowStart: number;
  windowEnd: number;
  name: string;
  firstSeq: number;
  lastSeq: number;
  rowCount: number;
}

interface SegmentRow {
  window_start: number;
  window_end: number;
  name: string;
  first_seq: number;
  last_seq: number;
  row_count: number;
}

const toSegment = (r: SegmentRow): Segment => ({
  windowStart: r.window_start,
  windowEnd: r.window_end,
  name: r.name,
  firstSeq: r.first_seq,
  lastSeq: r.last_seq,
  rowCount: r.row_count,
});

/** The start of the window holding a time (ms). */
export const windowStartOf = (time: number): number => Math.floor(time / SEGMENT_WINDOW_MS) * SEGMENT_WINDOW_MS;

/** `events_20261208` for a day window (the time of day too when windows are shorter). */
export function segmentName(windowStart: number): string {
  const iso = new Date(windowStart).toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '');
  return SEGMENT_WINDOW_MS % 86_400_000 === 0 ? `events_${day}` : `events_${day}_${iso.slice(11, 16).replace(':', '')}`;
}

export function createSegments(db: SqlDb) {
  const list = (): Segment[] => db.all<SegmentRow>('SELECT * FROM event_segments ORDER BY window_start').map(toSegment);

  /** `events`: the held events and every live segment, oldest first (UNION ALL keeps each one's seq order). */
  function rebuildView(): void {
    const members = [HELD_TABLE, ...list().map((s) => s.name)];
    db.exec('DROP VIEW IF EXISTS events');
    db.exec(`CREATE VIEW events AS ${members.map((m) => `SELECT ${COLUMNS} FROM ${m}`).join(' UNION ALL ')}`);
  }

  return {
    list,
    rebuildView,

    /** The newest segment and the newest sequence ever given out (0 before the first), in one read. */
    newest(): { segment: Segment | undefined; lastSeq: number } {
      const r = db.get<SegmentRow & { meta_seq: number | null }>(
        `SELECT s.*, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'event_seq') AS meta_seq
           FROM (SELECT 1) LEFT JOIN (SELECT * FROM event_segments ORDER BY window_start DESC LIMIT 1) AS s`,
      );
      const segment = r?.name ? toSegment(r) : undefined;
      return { segment, lastSeq: Math.max(r?.meta_seq ?? 0, segment?.lastSeq ?? 0) };
    },

    /**
     * The segment an event appended at `now` with sequence `seq` goes to, written in the caller's
     * transaction: the newest while its window lasts (also when the clock went back, so segments
     * never overlap and their sequences stay in window order), else a new one for now's window.
     */
    appendTo(now: number, seq: number, newest: Segment | undefined): string {
      if (newest && now < newest.windowEnd) {
        db.run(
          'UPDATE event_segments SET last_seq = ?, row_count = row_count + 1 WHERE window_start = ?',
          seq,
          newest.windowStart,
        );
        return newest.name;
      }
      // now is past the newest window's end, so this window starts at or after it.
      const start = windowStartOf(now);
      const name = segmentName(start);
      db.exec(eventsTableSql(name));
      db.run(
        'INSERT INTO event_segments (window_start, window_end, name, first_seq, last_seq, row_count) VALUES (?,?,?,?,?,1)',
        start,
        start + SEGMENT_WINDOW_MS,
        name,
        seq,
        seq,
      );
      rebuildView();
      return name;
    },

    /**
     * Drops every segment whose window ended at or before the cutoff, whole; the events of it a
     * delivery still waits for move to the held table first. Returns the events removed.
     */
    dropEndedBy(cutoff: number): number {
      const ended = db.all<SegmentRow>('SELECT * FROM event_segments WHERE window_end <= ?', cutoff).map(toSegment);
      let removed = 0;
      for (const s of ended) {
        const held = db.run(
          `INSERT INTO ${HELD_TABLE} (${COLUMNS}) SELECT ${COLUMNS} FROM ${s.name}
             WHERE seq IN (SELECT event_seq FROM deliveries WHERE status IN ('pending', 'failed'))`,
        );
        removed += s.rowCount - held;
        db.run(
          `INSERT INTO meta (key, value) VALUES ('event_seq', ?)
           ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`,
          String(s.lastSeq),
        );
        db.run('DELETE FROM event_segments WHERE window_start = ?', s.windowStart);
        db.exec(`DROP TABLE ${s.name}`);
      }
      if (ended.length) rebuildView();
      return (
        removed +
        db.run(
          `DELETE FROM ${HELD_TABLE} WHERE created_at < ?
             AND seq NOT IN (SELECT event_seq FROM deliveries WHERE status IN ('pending', 'failed'))`,
          cutoff,
        )
      );
    },
  };
}

export type Segments = ReturnType<typeof createSegments>;
