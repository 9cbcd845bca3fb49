/** The last applied normalized state per resource (subject). */
import type { ResourceState } from '../core/state-tracker';
import type { SqlDb } from './sql';

export function createResourcesStore(db: SqlDb) {
  return {
    get(subject: string): ResourceState | undefined {
      const r = db.get<{ state: string }>('SELECT state FROM resources WHERE subject = ?', subject);
      return r && (JSON.parse(r.state) as ResourceState);
    },
    put(s: ResourceState): void {
      db.run(
        `INSERT INTO resources (subject, provider, kind, resource_id, terminal, last_seq, updated_at, state)
         VALUES (?,?,?,?,?,?,?,?)
         ON CONFLICT (subject) DO UPDATE SET terminal = excluded.terminal, last_seq = excluded.last_seq,
           updated_at = excluded.updated_at, state = excluded.state`,
        s.subject,
        s.provider,
        s.kind,
        s.resourceId,
        s.terminal ? 1 : 0,
        s.lastSeq,
        s.updatedAt,
        JSON.stringify(s),
      );
    },
    /** How many resources are in each normalized status (the metrics gauge). */
    countByStatus(): { provider: string; status: string; count: number }[] {
      return db.all(
        `SELECT provider, json_extract(state, '$.status') AS status, COUNT(*) AS count
         FROM resources GROUP BY provider, status ORDER BY provider, status`,
      );
    },
    /** Finished resources not touched since the cutoff; running ones are kept whatever their age. */
    pruneTerminalBefore(cutoff: number): number {
      return db.run('DELETE FROM resources WHERE terminal = 1 AND updated_at < ?', cutoff);
    },
  };
}
