/** The Node driver: better-sqlite3 in WAL mode, statements prepared once. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDb, SqlValue } from './sql';

export interface NodeSqlite extends SqlDb {
  close(): void;
}

export function openNodeSqlite(path: string): NodeSqlite {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (only a power loss can drop the last commits).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  return {
    all: <T>(sql: string, ...params: SqlValue[]) => prepare(sql).all(...params) as T[],
    get: <T>(sql: string, ...params: SqlValue[]) => prepare(sql).get(...params) as T | undefined,
    run: (sql: string, ...params: SqlValue[]) => prepare(sql).run(...params).changes,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    exec: (sql: string) => void db.exec(sql),
    close: () => db.close(),
  };
}
