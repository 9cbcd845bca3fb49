/**
 * A relay whose clock the test drives: the services (poller, budgets,
 * ticker) on a real SQLite file, time advanced from one armed timer to the
 * next, so minutes of provider traffic take well under a second. Provider
 * calls still go over real HTTP to simulators sharing the same clock.
 */
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { createRelay, type Relay } from '../../src/services/relay';
import type { ManualClock } from '../../src/simulators/clock';
import { openNodeSqlite, type NodeSqlite } from '../../src/storage/node-sqlite';
import { relayEnv } from './relay';

export interface VirtualRelay {
  relay: Relay;
  db: NodeSqlite;
  /**
   * Runs due work and advances the clock timer by timer until `until` (or
   * nothing is armed); `stop` is asked after each tick and ends the run
   * there, without advancing the clock.
   */
  runUntil(until: number, stop?: () => boolean): Promise<void>;
  close(): void;
}

export function startVirtualRelay(
  clock: ManualClock,
  dbPath: string,
  env: Record<string, string>,
  opts: { fetch?: typeof fetch } = {},
): VirtualRelay {
  const db = openNodeSqlite(dbPath);
  let armed: number | null = null;
  const relay = createRelay({
    config: loadConfig(relayEnv(dbPath, env)),
    db,
    logger: silentLogger,
    runtime: 'node',
    arm: (at) => {
      armed = at;
    },
    now: clock.now,
    fetch: opts.fetch,
  });
  return {
    relay,
    db,
    async runUntil(until, stop) {
      for (;;) {
        await relay.ticker.tick();
        if (stop?.()) return;
        const next: number | null = armed;
        if (next === null || next > until) {
          clock.set(until);
          return;
        }
        clock.set(next);
      }
    },
    close: () => db.close(),
  };
}
