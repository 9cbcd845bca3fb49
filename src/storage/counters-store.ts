/**
 * Counters kept in the database, so a restart or retention pruning never
 * resets them; written inside the transaction of what they count.
 */
import type { SqlDb } from './sql';

export function createCountersStore(db: SqlDb) {
  return {
    /** Adds to one series (labels = its canonical key); call inside the caller's transaction. */
    add(name: string, labels: string, by = 1): void {
      db.run(
        'INSERT INTO counters (name, labels, value) VALUES (?,?,?) ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value',
        name,
        labels,
        by,
      );
    },
    series(name: string): { labels: string; value: number }[] {
      return db.all<{ labels: string; value: number }>(
        'SELECT labels, value FROM counters WHERE name = ? ORDER BY labels',
        name,
      );
    },
  };
}
