/** Small named values: the generated admin token, signing keys, provider health marks. */
import type { SqlDb } from './sql';

export function createMetaStore(db: SqlDb) {
  return {
    get(key: string): string | undefined {
      return db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)?.value;
    },
    set(key: string, value: string): void {
      db.run(
        'INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        key,
        value,
      );
    },
    /** Sets the value only if the key is absent; returns the value in force. */
    setIfAbsent(key: string, value: string): string {
      db.run('INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT (key) DO NOTHING', key, value);
      return this.get(key)!;
    },
  };
}
