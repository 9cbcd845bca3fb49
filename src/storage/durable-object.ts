/**
 * The Workers driver: a SQLite-backed Durable Object's ctx.storage.sql.
 * Synchronous like better-sqlite3, so the same stores run on it unchanged.
 * Statements run when exec() is called, whether or not rows are read.
 */
import type { DurableObjectStorage } from '@cloudflare/workers-types';
import type { SqlDb, SqlValue } from './sql';

/** The part of the Durable Object storage API this driver uses. */
export type DurableObjectSqlStorage = Pick<DurableObjectStorage, 'sql' | 'transactionSync'>;

/**
 * @param onRowsWritten told each statement's `rowsWritten` (rows and index entries: what storage
 * billing counts), for the object's own metric.
 */
export function openDurableObjectSql(
  storage: DurableObjectSqlStorage,
  onRowsWritten: (rows: number) => void = () => {},
): SqlDb {
  const { sql } = storage;
  // Read to the end: a write cursor left open (DELETE ... RETURNING read for one row)
  // makes the commit fail with "SQL statements in progress". Callers get() single rows.
  const rowsOf = <T>(query: string, params: SqlValue[]): T[] => {
    const cursor = sql.exec(query, ...params);
    const rows = cursor.toArray() as T[];
    onRowsWritten(cursor.rowsWritten);
    return rows;
  };
  return {
    all: <T>(query: string, ...params: SqlValue[]) => rowsOf<T>(query, params),
    get: <T>(query: string, ...params: SqlValue[]) => rowsOf<T>(query, params)[0],
    run(query: string, ...params: SqlValue[]) {
      // rowsWritten also counts index entries (3 for one new row with two indexes), so it is
      // not a row count; SQLite's changes() is, and is what better-sqlite3 reports.
      const written = sql.exec(query, ...params).rowsWritten;
      onRowsWritten(written);
      if (written === 0) return 0;
      return sql.exec<{ n: number }>('SELECT changes() AS n').one().n;
    },
    // A nested call becomes a savepoint inside the outer transaction, as with better-sqlite3.
    transaction: <T>(fn: () => T): T => storage.transactionSync(fn),
    exec(query: string) {
      sql.exec(query);
    },
  };
}
