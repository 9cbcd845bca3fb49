/**
 * Warpweb follow-ups (docs/api.md#revisions, docs/api.md#free-tier-pause): what the relay keeps
 * checking about a watched site after its build. One row per watch: a revision watch's site polls
 * (the webhook may be lost) or a finished free-tier site's pause check; next_check_at is the due-row
 * column.
 */
import type { SqlDb, SqlValue } from './sql';

export type FollowupKind = 'revision' | 'pause';

export interface Followup {
  watchId: string;
  kind: FollowupKind;
  siteId: string;
  nextCheckAt: number | null;
  /** Revision: when it was requested; the site's status then; whether the site has been seen working on it. */
  requestedAt: number | null;
  baseStatus: string | null;
  seenRunning: boolean;
  prompt: string | null;
  /** Pause: as the last check read them (ms); pauseDueFor = the last_refreshed_at whose site.pause_due went out. */
  hostingTier: string | null;
  pauseState: string | null;
  lastRefreshedAt: number | null;
  pauseDueFor: number | null;
  checks: number;
  createdAt: number;
  updatedAt: number;
}

export const FOLLOWUPS_SCHEMA = `
CREATE TABLE IF NOT EXISTS warpweb_followups (
  watch_id          TEXT PRIMARY KEY,
  kind              TEXT NOT NULL,
  site_id           TEXT NOT NULL,
  next_check_at     INTEGER,
  requested_at      INTEGER,
  base_status       TEXT,
  seen_running      INTEGER NOT NULL DEFAULT 0,
  prompt            TEXT,
  hosting_tier      TEXT,
  pause_state       TEXT,
  last_refreshed_at INTEGER,
  pause_due_for     INTEGER,
  checks            INTEGER NOT NULL DEFAULT 0,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS warpweb_followups_due ON warpweb_followups (next_check_at);
`;

const COLUMNS: Record<keyof Followup, string> = {
  watchId: 'watch_id',
  kind: 'kind',
  siteId: 'site_id',
  nextCheckAt: 'next_check_at',
  requestedAt: 'requested_at',
  baseStatus: 'base_status',
  seenRunning: 'seen_running',
  prompt: 'prompt',
  hostingTier: 'hosting_tier',
  pauseState: 'pause_state',
  lastRefreshedAt: 'last_refreshed_at',
  pauseDueFor: 'pause_due_for',
  checks: 'checks',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const KEYS = Object.keys(COLUMNS) as (keyof Followup)[];

const toSql = (v: unknown): SqlValue => (typeof v === 'boolean' ? (v ? 1 : 0) : ((v ?? null) as SqlValue));

function fromRow(r: Record<string, SqlValue>): Followup {
  const out: Record<string, unknown> = {};
  for (const k of KEYS) out[k] = k === 'seenRunning' ? r[COLUMNS[k]] === 1 : (r[COLUMNS[k]] ?? null);
  return out as unknown as Followup;
}

export function createFollowupsStore(db: SqlDb) {
  return {
    /** Inserts, or replaces the row of the same watch. */
    put(f: Followup): void {
      db.run(
        `INSERT OR REPLACE INTO warpweb_followups (${KEYS.map((k) => COLUMNS[k]).join(',')})
         VALUES (${KEYS.map(() => '?').join(',')})`,
        ...KEYS.map((k) => toSql(f[k])),
      );
    },
    patch(watchId: string, fields: Partial<Omit<Followup, 'watchId'>>): void {
      const keys = (Object.keys(fields) as (keyof Followup)[]).filter((k) => k in COLUMNS && k !== 'watchId');
      if (keys.length === 0) return;
      db.run(
        `UPDATE warpweb_followups SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE watch_id = ?`,
        ...keys.map((k) => toSql((fields as Partial<Followup>)[k])),
        watchId,
      );
    },
    get(watchId: string): Followup | undefined {
      const r = db.get<Record<string, SqlValue>>('SELECT * FROM warpweb_followups WHERE watch_id = ?', watchId);
      return r && fromRow(r);
    },
    nextDue(now: number): Followup | undefined {
      const r = db.get<Record<string, SqlValue>>(
        'SELECT * FROM warpweb_followups WHERE next_check_at <= ? ORDER BY next_check_at, watch_id LIMIT 1',
        now,
      );
      return r && fromRow(r);
    },
    /** The oldest revision of a site still followed (a revision webhook without an id is taken to be about it). */
    openRevisionOf(siteId: string): Followup | undefined {
      const r = db.get<Record<string, SqlValue>>(
        `SELECT * FROM warpweb_followups WHERE kind = 'revision' AND site_id = ? ORDER BY requested_at, watch_id LIMIT 1`,
        siteId,
      );
      return r && fromRow(r);
    },
    earliestDue: (): number | null =>
      db.get<{ at: number | null }>('SELECT MIN(next_check_at) AS at FROM warpweb_followups')?.at ?? null,
    delete: (watchId: string): boolean => db.run('DELETE FROM warpweb_followups WHERE watch_id = ?', watchId) === 1,
    /** Rows whose watch is gone (deleted, pruned). */
    pruneOrphans: (): number => db.run('DELETE FROM warpweb_followups WHERE watch_id NOT IN (SELECT id FROM watches)'),
  };
}

export type FollowupsStore = ReturnType<typeof createFollowupsStore>;
