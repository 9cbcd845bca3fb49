/**
 * The small SQL surface both drivers provide: better-sqlite3 on Node and a
 * Durable Object's ctx.storage.sql on Workers. Both are synchronous, so a
 * whole ingest (dedup key, events, state, deliveries) is one transaction.
 */
export type SqlValue = string | number | null;

/*
 * Write SQL that both drivers run: a Durable Object allows at most 100 bound
 * parameters per statement and LIKE/GLOB patterns of at most 50 bytes, and
 * refuses PRAGMA and BEGIN/SAVEPOINT (use transaction()). Pass a list as one
 * JSON parameter: `x IN (SELECT value FROM json_each(?))`.
 */

export interface SqlDb {
  /** Rows of a single statement. */
  all<T = Record<string, SqlValue>>(sql: string, ...params: SqlValue[]): T[];
  /** First row or undefined. */
  get<T = Record<string, SqlValue>>(sql: string, ...params: SqlValue[]): T | undefined;
  /**
   * An INSERT, UPDATE or DELETE whose rows are not needed; returns the rows it
   * inserted, updated or deleted (SQLite's changes(): 1 for a new row, 0 for
   * ON CONFLICT DO NOTHING on a conflict, 1 for an upsert that updated).
   */
  run(sql: string, ...params: SqlValue[]): number;
  /**
   * Runs fn atomically; a throw rolls everything back. A nested call is a
   * savepoint: its throw undoes only its own writes, and nothing commits
   * before the outermost call returns.
   */
  transaction<T>(fn: () => T): T;
  /** Several statements without parameters (the schema). */
  exec(sql: string): void;
}
