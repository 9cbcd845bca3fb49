/** The SqlDb half of the storage contract (store.contract.ts): what every driver must do. */
import { expect } from 'vitest';
import type { SqlDb } from './sql';

export interface ContractCase {
  name: string;
  /** Runs against an empty database; throws on a broken promise. */
  run(db: SqlDb): void;
}

const table = (db: SqlDb) =>
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL); CREATE INDEX t_v ON t (v);');
const keys = (db: SqlDb) => db.all<{ k: string }>('SELECT k FROM t ORDER BY k').map((r) => r.k);

export const SQL_CONTRACT: readonly ContractCase[] = [
  {
    name: 'run() counts the rows a statement inserted, updated or deleted, not index writes',
    run(db) {
      table(db);
      expect(db.run('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING', 'a', 1)).toBe(1);
      expect(db.run('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING', 'a', 2)).toBe(0);
      expect(db.run('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', 'a', 3)).toBe(1);
      expect(db.run('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', 'b', 3)).toBe(1);
      expect(db.run('UPDATE t SET v = v')).toBe(2);
      expect(db.run('UPDATE t SET v = 9 WHERE k = ?', 'none')).toBe(0);
      expect(db.run('DELETE FROM t WHERE v = ?', 3)).toBe(2);
      expect(db.run('DELETE FROM t')).toBe(0);
    },
  },
  {
    name: 'get() returns the first row or undefined; all() every row in order',
    run(db) {
      table(db);
      for (const [k, v] of [
        ['b', 2],
        ['a', 1],
        ['c', 3],
      ] as const)
        db.run('INSERT INTO t (k, v) VALUES (?, ?)', k, v);
      expect(db.get('SELECT k, v FROM t ORDER BY v')).toEqual({ k: 'a', v: 1 });
      expect(db.get('SELECT k FROM t WHERE k = ?', 'zz')).toBeUndefined();
      expect(db.all('SELECT k, v FROM t WHERE v >= ? ORDER BY v DESC', 2)).toEqual([
        { k: 'c', v: 3 },
        { k: 'b', v: 2 },
      ]);
      expect(db.all('SELECT k FROM t WHERE v > 10')).toEqual([]);
    },
  },
  {
    name: 'values keep their type: integers up to 2^53-1, reals, null and any Unicode text',
    run(db) {
      const row = db.get(
        'SELECT ? AS i, ? AS r, ? AS n, ? AS s, ? AS e',
        2 ** 53 - 1,
        1.5,
        null,
        'é 日本 😀 "\'\\',
        '',
      );
      expect(row).toEqual({ i: 2 ** 53 - 1, r: 1.5, n: null, s: 'é 日本 😀 "\'\\', e: '' });
      expect(db.get<{ x: number }>('SELECT CAST(? AS INTEGER) + 1 AS x', '41')?.x).toBe(42);
    },
  },
  {
    name: 'a write with RETURNING runs fully through get(), and returns nothing on a conflict',
    run(db) {
      table(db);
      expect(db.get('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING k, v', 'a', 1)).toEqual({
        k: 'a',
        v: 1,
      });
      expect(db.get('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING k', 'a', 2)).toBeUndefined();
      expect(db.get('UPDATE t SET v = v + 1 RETURNING v')).toEqual({ v: 2 });
      for (const k of ['b', 'c']) db.run('INSERT INTO t (k, v) VALUES (?, 5)', k);
      // Only the first returned row is read, yet every row is deleted.
      expect(db.get('DELETE FROM t WHERE v = 5 RETURNING k')).toBeDefined();
      expect(keys(db)).toEqual(['a']);
    },
  },
  {
    name: 'a transaction commits its writes and returns its value',
    run(db) {
      table(db);
      const out = db.transaction(() => {
        db.run("INSERT INTO t (k, v) VALUES ('a', 1)");
        db.run("INSERT INTO t (k, v) VALUES ('b', 2)");
        return db.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n;
      });
      expect(out).toBe(2);
      expect(keys(db)).toEqual(['a', 'b']);
    },
  },
  {
    name: 'a throw rolls the whole transaction back and reaches the caller unchanged',
    run(db) {
      table(db);
      db.run("INSERT INTO t (k, v) VALUES ('keep', 0)");
      const boom = new Error('boom');
      expect(() =>
        db.transaction(() => {
          db.run("INSERT INTO t (k, v) VALUES ('a', 1)");
          db.transaction(() => db.run("INSERT INTO t (k, v) VALUES ('b', 2)"));
          throw boom;
        }),
      ).toThrow(boom);
      expect(keys(db)).toEqual(['keep']);
    },
  },
  {
    name: 'a nested transaction is a savepoint: its throw undoes only its own writes',
    run(db) {
      table(db);
      db.transaction(() => {
        db.run("INSERT INTO t (k, v) VALUES ('a', 1)");
        expect(() =>
          db.transaction(() => {
            db.run("INSERT INTO t (k, v) VALUES ('b', 2)");
            throw new Error('inner');
          }),
        ).toThrow('inner');
        db.run("INSERT INTO t (k, v) VALUES ('c', 3)");
      });
      expect(keys(db)).toEqual(['a', 'c']);
    },
  },
  {
    name: 'a failing statement throws, rolls its transaction back, and leaves the driver usable',
    run(db) {
      table(db);
      db.run("INSERT INTO t (k, v) VALUES ('a', 1)");
      expect(() => db.run("INSERT INTO t (k, v) VALUES ('a', 2)")).toThrow(/UNIQUE/);
      expect(() =>
        db.transaction(() => {
          db.run("INSERT INTO t (k, v) VALUES ('b', 2)");
          db.run('INSERT INTO t (k, v) VALUES (?, NULL)', 'c');
        }),
      ).toThrow(/NOT NULL/);
      expect(() => db.all('SELECT * FROM missing_table')).toThrow(/missing_table/);
      expect(keys(db)).toEqual(['a']);
    },
  },
  {
    name: 'exec() runs several statements; LIKE with ESCAPE works',
    run(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS x (a TEXT); INSERT INTO x VALUES ('site.complete'); INSERT INTO x VALUES ('site_x');
        CREATE TABLE IF NOT EXISTS x (a TEXT);`);
      expect(db.all("SELECT a FROM x WHERE a LIKE ? ESCAPE '\\' ORDER BY a", 'site\\_%')).toEqual([{ a: 'site_x' }]);
    },
  },
];
