/** A database made before a column was added gets it on open, and opening twice is harmless. */
import { describe, expect, it } from 'vitest';
import { openNodeSqlite } from './node-sqlite';
import { createStore } from './store';

describe('schema upgrades', () => {
  it('add content_mode to the subscriptions of an older database, as json', () => {
    const db = openNodeSqlite(':memory:');
    db.exec(`CREATE TABLE subscriptions (
      id TEXT PRIMARY KEY, url TEXT NOT NULL, types TEXT NOT NULL, providers TEXT NOT NULL, resources TEXT NOT NULL,
      description TEXT, secret TEXT NOT NULL, previous_secret TEXT, previous_secret_until INTEGER,
      enabled INTEGER NOT NULL, disabled_reason TEXT, failing_since INTEGER,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
    db.run(
      `INSERT INTO subscriptions (id, url, types, providers, resources, secret, enabled, created_at, updated_at)
       VALUES ('sub_old', 'https://example.com/h', '[]', '[]', '[]', 'whsec_x', 1, 1, 1)`,
    );
    createStore(db);
    const store = createStore(db);
    expect(store.subscriptions.get('sub_old')).toMatchObject({ id: 'sub_old', contentMode: 'json' });
    db.close();
  });
});
