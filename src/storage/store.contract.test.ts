import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { openNodeSqlite } from './node-sqlite';
import { STORAGE_CONTRACT } from './store.contract';

const dir = mkdtempSync(join(tmpdir(), 'sitewire-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storage contract: better-sqlite3', () => {
  STORAGE_CONTRACT.forEach((c, i) => {
    it(c.name, () => {
      const db = openNodeSqlite(join(dir, `case-${i}.db`));
      try {
        c.run(db);
      } finally {
        db.close();
      }
    });
  });
});
