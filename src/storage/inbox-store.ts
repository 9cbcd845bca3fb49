/** Dedup keys of provider webhooks already taken in. */
import type { SqlDb } from './sql';

export function createInboxStore(db: SqlDb) {
  return {
    /** True when the key is new (and now taken); false for a duplicate. */
    claim(key: string, provider: string, now: number): boolean {
      return (
        db.run(
          'INSERT INTO inbox (key, provider, received_at) VALUES (?,?,?) ON CONFLICT DO NOTHING',
          key,
          provider,
          now,
        ) === 1
      );
    },
    pruneBefore(cutoff: number): number {
      return db.run('DELETE FROM inbox WHERE received_at < ?', cutoff);
    },
  };
}
