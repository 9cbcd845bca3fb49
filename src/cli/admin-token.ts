/** `sitewire admin-token`: the token a first start generated, read back from the database. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { openNodeSqlite } from '../storage/node-sqlite';
import { createStore } from '../storage/store';
import { resolveAdminToken } from '../services/admin-token';

export async function adminTokenCommand(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    // Reading the token must not create a database (and its directory) where there was none.
    if (config.dbPath !== ':memory:' && !existsSync(config.dbPath)) {
      console.error(`sitewire: no database at ${config.dbPath}; start the relay once (or set SITEWIRE_DB).`);
      process.exit(1);
    }
    const db = openNodeSqlite(config.dbPath);
    const { token } = resolveAdminToken(config.adminToken, createStore(db), false);
    db.close();
    if (!token) {
      console.error(`sitewire: no admin token yet in ${config.dbPath}; start the relay once.`);
      process.exit(1);
    }
    console.log(token);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`sitewire: ${err.message}`);
    process.exit(1);
  }
}
