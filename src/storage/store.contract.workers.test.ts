import { env, runInDurableObject } from 'cloudflare:test';
import { describe, it } from 'vitest';
import { openDurableObjectSql } from './durable-object';
import { STORAGE_CONTRACT } from './store.contract';

describe('storage contract: Durable Object SQL storage', () => {
  STORAGE_CONTRACT.forEach((c, i) => {
    it(c.name, async () => {
      // A fresh object per case: its own empty SQLite database.
      const stub = env.RELAY.getByName(`storage-contract-${i}`);
      await runInDurableObject(stub, (_object, state) => c.run(openDurableObjectSql(state.storage)));
    });
  });
});
