/** The app in-process (app.request, no socket) over a temp SQLite file, with a clock the test moves. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { createRelayApp } from '../../src/runtime/create-relay-app';
import { openNodeSqlite } from '../../src/storage/node-sqlite';
import { ADMIN_TOKEN, relayEnv, tempDir } from './relay';

export function createTestApp(opts: { now?: number; env?: Record<string, string> } = {}) {
  const dir = tempDir();
  const clock = { now: opts.now ?? Date.now() };
  const config = loadConfig(relayEnv(join(dir, 'sitewire.db'), opts.env));
  const db = openNodeSqlite(config.dbPath);
  const { relay, app } = createRelayApp({
    config,
    db,
    logger: silentLogger,
    runtime: 'node',
    arm: () => {},
    now: () => clock.now,
    adminToken: () => ADMIN_TOKEN,
  });
  return {
    app,
    relay,
    clock,
    /** A request as the admin. */
    admin: (path: string, init: RequestInit = {}) =>
      app.request(path, {
        ...init,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers as Record<string, string>) },
      }),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
