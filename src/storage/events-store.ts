/** The event log: append with a never-reused sequence, read in order with filters. */
import { CONTENT_FILTER_SQL, contentFilterParam, hasContentFilter } from '../core/content-filter';
import type { EventFilter } from '../core/filter';
import { serializeEvent, sourceOf, type NewEvent, type StoredEvent } from '../core/event';
import { OPERATIONAL_PREFIXES } from '../core/operational';
import { formatSequence } from '../core/sequence';
import { createSegments, type Segment } from './segments';
import type { SqlDb, SqlValue } from './sql';

interface EventRow {
  seq: number;
  id: string;
  type: string;
  subject: string;
  provider: string;
  time: string;
  created_at: number;
  body: string;
}

const toStored = (r: EventRow): StoredEvent => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  subject: r.subject,
  provider: r.provider,
  time: r.time,
  createdAt: r.created_at,
  json: withPaddedSequence(r.body, r.seq),
});

/** Rows written before sequences were padded hold `"sequence":"42"`: shown padded like every other. */
function withPaddedSequence(json: string, seq: number): string {
  const old = `"sequence":"${seq}"`;
  return json.includes(old) ? json.replace(old, `"sequence":"${formatSequence(seq)}"`) : json;
}

const NOT_OPERATIONAL = `NOT (${OPERATIONAL_PREFIXES.map((p) => `substr(type, 1, ${p.length}) = '${p}'`).join(' OR ')})`;

/**
 * The filter as SQL with at most one parameter per list, each list a JSON
 * array read with json_each: a Durable Object allows 100 bound parameters per
 * statement and LIKE patterns of 50 bytes, and the SQL text stays the same
 * whatever the list sizes, so prepared statements are reused.
 */
function filterSql(filter: EventFilter): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const types = filter.types ?? [];
  // No `types`: operational events are opt-in (core/filter.ts typesAdmit, the same rule in memory).
  if (!types.length) clauses.push(NOT_OPERATIONAL);
  if (types.length && !types.includes('*')) {
    const exact = types.filter((t) => !t.endsWith('*'));
    const prefixes = types.filter((t) => t.endsWith('*')).map((t) => t.slice(0, -1));
    const either: string[] = [];
    if (exact.length) either.push('type IN (SELECT value FROM json_each(?))');
    // events.type, qualified: json_each has a column named type too.
    if (prefixes.length)
      either.push('EXISTS (SELECT 1 FROM json_each(?) AS p WHERE substr(events.type, 1, length(p.value)) = p.value)');
    clauses.push(`(${either.join(' OR ')})`);
    if (exact.length) params.push(JSON.stringify(exact));
    if (prefixes.length) params.push(JSON.stringify(prefixes));
  }
  for (const [column, list] of [
    ['provider', filter.providers],
    ['subject', filter.resources],
  ] as const) {
    if (list?.length) {
      clauses.push(`${column} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(list));
    }
  }
  if (hasContentFilter(filter.filter)) {
    clauses.push(CONTENT_FILTER_SQL);
    params.push(contentFilterParam(filter.filter));
  }
  return { where: clauses.length ? ` AND ${clauses.join(' AND ')}` : '', params };
}

export function createEventsStore(db: SqlDb) {
  const segments = createSegments(db);
  return {
    /**
     * Appends one event to the segment of `now`'s window; must run inside the caller's transaction.
     * Writes the event row (with its index entries) and the segment's directory row, nothing else.
     */
    append(e: NewEvent, now: number): StoredEvent {
      const newest = segments.newest();
      const seq = newest.lastSeq + 1;
      const table = segments.appendTo(now, seq, newest.segment);
      const json = serializeEvent(e, seq);
      db.run(
        `INSERT INTO ${table} (seq, id, type, subject, provider, time, source, created_at, body) VALUES (?,?,?,?,?,?,?,?,?)`,
        seq,
        e.id,
        e.type,
        e.subject,
        e.provider,
        e.time,
        sourceOf(e),
        now,
        json,
      );
      return {
        seq,
        id: e.id,
        type: e.type,
        subject: e.subject,
        provider: e.provider,
        time: e.time,
        createdAt: now,
        json,
      };
    },

    after(afterSeq: number, filter: EventFilter, limit: number): StoredEvent[] {
      const { where, params } = filterSql(filter);
      return db
        .all<EventRow>(`SELECT * FROM events WHERE seq > ?${where} ORDER BY seq LIMIT ?`, afterSeq, ...params, limit)
        .map(toStored);
    },

    byId(id: string): StoredEvent | undefined {
      const r = db.get<EventRow>('SELECT * FROM events WHERE id = ?', id);
      return r && toStored(r);
    },

    /** The sequence of the first event stored at or after a time (ms), or null when none is. */
    firstSeqSince(time: number): number | null {
      return (
        db.get<{ seq: number | null }>('SELECT MIN(seq) AS seq FROM events WHERE created_at >= ?', time)?.seq ?? null
      );
    },

    /** The newest sequence ever assigned (0 before the first event). */
    lastSeq(): number {
      return segments.newest().lastSeq;
    },

    /**
     * Drops the segments whose window ended at or before the cutoff, whole (a segment still open
     * keeps even its older rows: retention keeps at least N days, at most N days and one window),
     * but never an event a delivery still waits to send. Returns the events removed.
     */
    pruneBefore(cutoff: number): number {
      return segments.dropEndedBy(cutoff);
    },

    /** The live segments, oldest first (the directory). */
    segments: (): Segment[] => segments.list(),

    /** The oldest retained sequence, or null when no event is stored. */
    oldestSeq(): number | null {
      // ORDER BY + LIMIT, not MIN(): over the view it reads one row per segment, in rowid order.
      return db.get<{ seq: number }>('SELECT seq FROM events ORDER BY seq LIMIT 1')?.seq ?? null;
    },
  };
}
