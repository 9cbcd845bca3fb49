/**
 * The relay under soak: `sitewire serve` as its own process on loopback, on a
 * port kept across restarts (so a SIGKILL and a restart look to clients like
 * an outage of the same server), with a fresh database per scenario.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startChildRelay, type ChildRelay } from '../../test/helpers/relay-process';
import { ADMIN_TOKEN, relayEnv, tempDir } from '../../test/helpers/relay';

export interface SoakRelay {
  url: string;
  current: ChildRelay;
  /** SIGKILL, then the same command on the same port and database. */
  crash(): Promise<void>;
  api(path: string, init?: RequestInit): Promise<Response>;
  /** A gauge or counter from /metrics (no labels). */
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startSoakRelay(env: Record<string, string> = {}): Promise<SoakRelay> {
  const dir = tempDir('sitewire-soak-');
  const base = relayEnv(join(dir, 'sitewire.db'), { SITEWIRE_LOG: 'error', ...env });
  let current = await startChildRelay({ env: base });
  const port = new URL(current.url).port;
  const url = current.url;
  const api = (path: string, init: RequestInit = {}) => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers as Record<string, string>) };
    return fetch(url + path, { ...init, headers });
  };
  return {
    url,
    get current() {
      return current;
    },
    async crash() {
      await current.stop('SIGKILL');
      current = await startChildRelay({ env: { ...base, PORT: port } });
    },
    api,
    async metric(name) {
      const text = await (await api('/metrics')).text();
      const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
      return m ? Number(m[1]) : NaN;
    },
    async stop() {
      await current.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done()` is true or the time is up; true when it became true. */
export async function until(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > end) return false;
    await sleep(everyMs);
  }
}

export interface SoakResult {
  scenario: string;
  /** Figures for the table, in order. */
  figures: [string, string | number][];
  /** What went wrong; empty when the scenario passed. */
  failures: string[];
  seconds: number;
}
