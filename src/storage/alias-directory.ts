/**
 * A provider key's alias directory, kept by the key's own object on Workers
 * (docs/scaling.md#one-object-per-api-key-built): each id a watch learned its
 * resource by (a Lindo website or page id, from a poll answer), with the
 * subject of that watch, so a webhook naming only the alias finds the shard
 * of the watch without asking every shard. One row per (provider, alias);
 * the newest registration wins.
 */
import type { SqlDb } from './sql';

export const ALIAS_DIRECTORY_SCHEMA = `
CREATE TABLE IF NOT EXISTS key_aliases (
  provider   TEXT NOT NULL,
  alias      TEXT NOT NULL,
  subject    TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (provider, alias)
);
CREATE INDEX IF NOT EXISTS key_aliases_updated_at ON key_aliases (updated_at);
`;

/** Ids per call: a poll answer names two or three; this bounds a caller's mistake, not real use. */
export const MAX_ALIAS_IDS = 100;

export function createAliasDirectory(db: SqlDb) {
  db.exec(ALIAS_DIRECTORY_SCHEMA);
  const list = (ids: readonly string[]) => JSON.stringify([...new Set(ids)].slice(0, MAX_ALIAS_IDS));
  return {
    /** Records (or refreshes) each id as naming `subject`; idempotent. */
    register(provider: string, subject: string, ids: readonly string[], now: number): void {
      db.run(
        `INSERT INTO key_aliases (provider, alias, subject, updated_at)
         SELECT ?, value, ?, ? FROM json_each(?) WHERE true
         ON CONFLICT (provider, alias) DO UPDATE SET subject = excluded.subject, updated_at = excluded.updated_at`,
        provider,
        subject,
        now,
        list(ids),
      );
    },
    /** The subject the most recently registered of these ids names, or null when none is known. */
    resolve(provider: string, ids: readonly string[]): string | null {
      const row = db.get<{ subject: string }>(
        `SELECT subject FROM key_aliases
         WHERE provider = ? AND alias IN (SELECT value FROM json_each(?))
         ORDER BY updated_at DESC LIMIT 1`,
        provider,
        list(ids),
      );
      return row?.subject ?? null;
    },
    /** Forgets registrations not refreshed since `before`; returns how many. */
    prune(before: number): number {
      return db.run('DELETE FROM key_aliases WHERE updated_at < ?', before);
    },
  };
}

export type AliasDirectory = ReturnType<typeof createAliasDirectory>;
