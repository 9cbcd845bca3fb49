/** Where a client command finds the relay and its token: flags, then environment, then the local database. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { resolveAdminToken } from '../services/admin-token';
import { openNodeSqlite } from '../storage/node-sqlite';
import { createStore } from '../storage/store';
import { UsageError } from './command-args';

export function relayTarget(flags: { url?: string; token?: string }): { url: string; token: string } {
  const env = process.env;
  const local = `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 8787}`;
  const url = (flags.url ?? env.SITEWIRE_URL ?? local).replace(/\/+$/, '');
  let token = flags.token ?? env.SITEWIRE_TOKEN ?? env.SITEWIRE_ADMIN_TOKEN;
  if (!token) {
    try {
      const config = loadConfig(env);
      // Only a database that exists: looking for a token must not create one.
      if (existsSync(config.dbPath)) {
        const db = openNodeSqlite(config.dbPath);
        token = resolveAdminToken(undefined, createStore(db), false).token;
        db.close();
      }
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
    }
  }
  if (!token) throw new UsageError("no token: pass --token, set SITEWIRE_TOKEN, or run next to the relay's database");
  return { url, token };
}
