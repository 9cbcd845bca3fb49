/** Starts a real relay in this process: a SQLite file in a fresh temp dir, HTTP on a loopback port. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../src/log';
import { startNode, type NodeRelay } from '../../src/runtime/node';

export const WARPWEB_SECRET = 'whsec_test_secret_for_relay_fixtures';
export const LINDO_TOKEN = 'lindo-hook-token-123';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestRelay extends NodeRelay {
  dir: string;
  dbPath: string;
  /** fetch against the relay with the admin token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'sitewire-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function relayEnv(dbPath: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    SITEWIRE_DB: dbPath,
    SITEWIRE_ADMIN_TOKEN: ADMIN_TOKEN,
    WARPWEB_WEBHOOK_SECRET: WARPWEB_SECRET,
    LINDO_WEBHOOK_TOKEN: LINDO_TOKEN,
    SITEWIRE_ALLOW_PRIVATE_TARGETS: 'true',
    SITEWIRE_LOG: 'error',
    ...env,
  };
}

export interface TestRelayOptions {
  dir?: string;
  fetch?: typeof fetch;
  resolveHost?: (host: string) => Promise<string[]>;
}

export async function startTestRelay(
  env: Record<string, string> = {},
  opts: TestRelayOptions = {},
): Promise<TestRelay> {
  const dir = opts.dir ?? tempDir();
  const dbPath = join(dir, 'sitewire.db');
  const relay = await startNode({
    env: relayEnv(dbPath, env),
    logger: silentLogger,
    fetch: opts.fetch,
    resolveHost: opts.resolveHost,
  });
  return {
    ...relay,
    dir,
    dbPath,
    api: (path, init = {}) =>
      fetch(relay.url + path, {
        ...init,
        headers: { authorization: `Bearer ${relay.adminToken}`, ...(init.headers as Record<string, string>) },
      }),
    async stop() {
      await relay.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The relay of a whole test file: started before its first test, stopped after its last. */
export function useTestRelay(env: Record<string, string> = {}, opts: TestRelayOptions = {}): TestRelay {
  const relay = {} as TestRelay;
  beforeAll(async () => {
    Object.assign(relay, await startTestRelay(env, opts));
  });
  afterAll(() => relay.stop?.());
  return relay;
}
