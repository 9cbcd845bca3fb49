/** `sitewire admin-token`: the token a first start generated, read back from the database. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { openNodeSqlite } from '../storage/node-sqlite';
import { createStore } from '../storage/store';
import { resolveAdminToken } from '../services/admin-token';
import { EXIT, type Command } from './command-args';

export const ADMIN_TOKEN_COMMAND: Command = {
  spec: {
    name: 'admin-token',
    summary: 'print the admin token stored in the database',
    usage: `usage: sitewire admin-token

Prints the admin token a first start generated and stored in the database
(SITEWIRE_DB, default ./data/sitewire.db) on stdout. It never creates a database.

exit status:
  0  printed
  1  no database or no token in it yet, or bad configuration
  2  usage error
`,
    options: {},
  },
  run: adminTokenCommand,
};

async function adminTokenCommand(): Promise<number> {
  try {
    const config = loadConfig(process.env);
    // Reading the token must not create a database (and its directory) where there was none.
    if (config.dbPath !== ':memory:' && !existsSync(config.dbPath)) {
      console.error(`sitewire: no database at ${config.dbPath}; start the relay once (or set SITEWIRE_DB).`);
      return EXIT.failed;
    }
    const db = openNodeSqlite(config.dbPath);
    const { token } = resolveAdminToken(config.adminToken, createStore(db), false);
    db.close();
    if (!token) {
      console.error(`sitewire: no admin token yet in ${config.dbPath}; start the relay once.`);
      return EXIT.failed;
    }
    console.log(token);
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`sitewire: ${err.message}`);
    return EXIT.failed;
  }
}
