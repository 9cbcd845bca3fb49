/**
 * The small SQL surface both drivers provide: better-sqlite3 on Node and a
 * Durable Object's ctx.storage.sql on Workers. Both are synchronous, so a
 * whole ingest (dedup key, events, state, deliveries) is one transaction.
 */
export type SqlValue = string | number | null;

export interface SqlDb {
  /** Rows of a single statement. */
  all<T = Record<string, SqlValue>>(sql: string, ...params: SqlValue[]): T[];
  /** First row or undefined. */
  get<T = Record<string, SqlValue>>(sql: string, ...params: SqlValue[]): T | undefined;
  /** A statement whose rows are not needed; returns the number of rows changed. */
  run(sql: string, ...params: SqlValue[]): number;
  /** Runs fn atomically; a throw rolls everything back. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  /** Several statements without parameters (the schema). */
  exec(sql: string): void;
}
