/** The event log: append with a never-reused sequence, read in order with filters. */
import type { EventFilter } from '../core/filter';
import { serializeEvent, type NewEvent, type StoredEvent } from '../core/event';
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
  json: r.body,
});

/** GLOB, unlike LIKE, is case-sensitive, as core/filter's typeMatches is; its wildcards are escaped as [*], [?], [[]. */
const globPrefix = (prefix: string) => `${prefix.replace(/[*?[]/g, (c) => `[${c}]`)}*`;

/** The filter as SQL; list sizes are capped by the HTTP schemas, so the statement cache stays small. */
function filterSql(filter: EventFilter): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const types = filter.types ?? [];
  if (types.length && !types.includes('*')) {
    clauses.push(
      `(${types.map((t) => (t.endsWith('*') ? 'type GLOB ?' : 'type = ?')).join(' OR ')})`,
    );
    for (const t of types) params.push(t.endsWith('*') ? globPrefix(t.slice(0, -1)) : t);
  }
  for (const [column, list] of [['provider', filter.providers], ['subject', filter.resources]] as const) {
    if (list?.length) {
      clauses.push(`${column} IN (${list.map(() => '?').join(',')})`);
      params.push(...list);
    }
  }
  return { where: clauses.length ? ` AND ${clauses.join(' AND ')}` : '', params };
}

export function createEventsStore(db: SqlDb) {
  return {
    /** Appends one event; must run inside the caller's transaction. */
    append(e: NewEvent, now: number): StoredEvent {
      const row = db.get<{ value: string }>(
        `INSERT INTO meta (key, value) VALUES ('event_seq', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`,
      )!;
      const seq = Number(row.value);
      const json = serializeEvent(e, seq);
      db.run(
        'INSERT INTO events (seq, id, type, subject, provider, time, source, created_at, body) VALUES (?,?,?,?,?,?,?,?,?)',
        seq, e.id, e.type, e.subject, e.provider, e.time, `sitewire/${e.provider}`, now, json,
      );
      return { seq, id: e.id, type: e.type, subject: e.subject, provider: e.provider, time: e.time, createdAt: now, json };
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

    /** The newest sequence ever assigned (0 before the first event). */
    lastSeq(): number {
      const r = db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'event_seq'");
      return r ? Number(r.value) : 0;
    },

    pruneBefore(cutoff: number): number {
      return db.run('DELETE FROM events WHERE created_at < ?', cutoff);
    },
  };
}

export type EventsStore = ReturnType<typeof createEventsStore>;
