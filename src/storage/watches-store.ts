/** Watches (docs/api.md#watches): one row per followed resource; next_poll_at makes it a due row. */
import type { SqlDb, SqlValue } from './sql';
import { COLUMNS, fromRow, toSql, type Watch, type WatchState } from './watch-row';

export { WATCH_STATES, type Watch, type WatchOrigin, type WatchState } from './watch-row';

export interface WatchListQuery {
  state?: WatchState;
  provider?: string;
  kind?: string;
  /** Return watches with ids after this one (the cursor). */
  after?: string;
  limit: number;
}

export function createWatchesStore(db: SqlDb) {
  const one = (sql: string, ...p: SqlValue[]) => {
    const r = db.get<Record<string, SqlValue>>(sql, ...p);
    return r && fromRow(r);
  };
  const many = (sql: string, ...p: SqlValue[]) => db.all<Record<string, SqlValue>>(sql, ...p).map(fromRow);
  const min = (sql: string, ...p: SqlValue[]) => db.get<{ at: number | null }>(sql, ...p)?.at ?? null;

  return {
    insert(w: Watch): void {
      const keys = Object.keys(COLUMNS) as (keyof Watch)[];
      db.run(
        `INSERT INTO watches (${keys.map((k) => COLUMNS[k]).join(',')}) VALUES (${keys.map(() => '?').join(',')})`,
        ...keys.map((k) => toSql(k, w[k])),
      );
    },

    /** Sets the given fields (and nothing else). */
    patch(id: string, fields: Partial<Omit<Watch, 'id'>>): void {
      const keys = (Object.keys(fields) as (keyof Watch)[]).filter((k) => k in COLUMNS && k !== 'id');
      if (keys.length === 0) return;
      db.run(
        `UPDATE watches SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`,
        ...keys.map((k) => toSql(k, (fields as Partial<Watch>)[k])),
        id,
      );
    },

    get: (id: string) => one('SELECT * FROM watches WHERE id = ?', id),
    bySubject: (subject: string) => one('SELECT * FROM watches WHERE subject = ?', subject),

    list(q: WatchListQuery): Watch[] {
      const where: string[] = [];
      const params: SqlValue[] = [];
      for (const [col, v] of [
        ['state', q.state],
        ['provider', q.provider],
        ['kind', q.kind],
        ['id >', q.after],
      ] as const) {
        if (v === undefined) continue;
        where.push(col.includes(' ') ? `${col} ?` : `${col} = ?`);
        params.push(v);
      }
      return many(
        `SELECT * FROM watches ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`,
        ...params,
        q.limit,
      );
    },

    delete(id: string): boolean {
      db.run('DELETE FROM watch_aliases WHERE watch_id = ?', id);
      return db.run('DELETE FROM watches WHERE id = ?', id) === 1;
    },

    /** The next watch to poll: hinted ones first, then the longest overdue. */
    nextDue: (provider: string, now: number) =>
      one(
        `SELECT * FROM watches WHERE provider = ? AND state = 'active' AND next_poll_at <= ?
         ORDER BY urgent DESC, next_poll_at, id LIMIT 1`,
        provider,
        now,
      ),
    /** Due watches (of one kind, if given) in the order nextDue gives them, up to `limit`: a batch's worth. */
    dueList: (provider: string, now: number, limit: number, kind: string | null = null) =>
      many(
        `SELECT * FROM watches WHERE provider = ? AND state = 'active' AND next_poll_at <= ? AND (? IS NULL OR kind = ?)
         ORDER BY urgent DESC, next_poll_at, id LIMIT ?`,
        provider,
        now,
        kind,
        kind,
        limit,
      ),
    earliestDue: (provider: string) =>
      min(`SELECT MIN(next_poll_at) AS at FROM watches WHERE provider = ? AND state = 'active'`, provider),
    earliestDeadline: (provider: string) =>
      min(`SELECT MIN(deadline_at) AS at FROM watches WHERE provider = ? AND state = 'active'`, provider),
    pastDeadline: (provider: string, now: number, limit = 100) =>
      many(
        `SELECT * FROM watches WHERE provider = ? AND state = 'active' AND deadline_at <= ? ORDER BY deadline_at LIMIT ?`,
        provider,
        now,
        limit,
      ),

    /** Active watches of a provider known by any of these ids (resource id or a learned alias). */
    activeByIds(provider: string, ids: readonly string[]): Watch[] {
      if (ids.length === 0) return [];
      // One JSON parameter, however many ids: a Durable Object binds at most 100 per statement.
      const list = JSON.stringify(ids);
      return many(
        `SELECT * FROM watches WHERE provider = ? AND state = 'active' AND (resource_id IN (SELECT value FROM json_each(?))
           OR id IN (SELECT watch_id FROM watch_aliases WHERE provider = ? AND alias IN (SELECT value FROM json_each(?))))
         ORDER BY id`,
        provider,
        list,
        provider,
        list,
      );
    },

    /** Returns the aliases that were not known yet. */
    addAliases(watchId: string, provider: string, aliases: readonly string[]): string[] {
      return aliases.filter(
        (a) =>
          db.run(
            'INSERT INTO watch_aliases (provider, alias, watch_id) VALUES (?,?,?) ON CONFLICT DO NOTHING',
            provider,
            a,
            watchId,
          ) > 0,
      );
    },

    countByState(): Record<WatchState, number> {
      const out: Record<WatchState, number> = { active: 0, done: 0, expired: 0, error: 0 };
      for (const r of db.all<{ state: WatchState; n: number }>(
        'SELECT state, COUNT(*) AS n FROM watches GROUP BY state',
      ))
        out[r.state] = r.n;
      return out;
    },

    /** How many watches each provider has in each state (absent pairs are zero). */
    countByProviderAndState(): { provider: string; state: WatchState; count: number }[] {
      return db.all<{ provider: string; state: WatchState; count: number }>(
        'SELECT provider, state, COUNT(*) AS count FROM watches GROUP BY provider, state ORDER BY provider, state',
      );
    },

    /** Finished watches not touched since the cutoff; active ones are kept whatever their age. */
    pruneFinishedBefore(cutoff: number): number {
      db.run(
        `DELETE FROM watch_aliases WHERE watch_id IN (SELECT id FROM watches WHERE state != 'active' AND updated_at < ?)`,
        cutoff,
      );
      return db.run(`DELETE FROM watches WHERE state != 'active' AND updated_at < ?`, cutoff);
    },
  };
}
