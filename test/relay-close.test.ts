/** relay.close() stops outbound work in flight, so the database can close after it. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { createRelay } from '../src/services/relay';
import { openNodeSqlite } from '../src/storage/node-sqlite';
import { relayEnv } from './helpers/relay';

const db = openNodeSqlite(':memory:');
afterEach(() => db.close());

describe('relay.close()', () => {
  it('aborts a poll in flight at once, without waiting for its timeout or its retries', async () => {
    let signal: AbortSignal | undefined;
    // A provider that never answers: only an abort ends the request.
    const hang = (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        signal = init?.signal ?? undefined;
        signal?.addEventListener('abort', () => reject(signal!.reason));
      });
    const config = loadConfig(
      relayEnv(':memory:', {
        WARPWEB_API_KEY: 'wwk_close_test',
        WARPWEB_API_URL: 'http://127.0.0.1:9',
        SITEWIRE_POLL_TIMEOUT_MS: '60000',
      }),
    );
    const relay = createRelay({
      config,
      db,
      logger: silentLogger,
      runtime: 'node',
      arm: () => {},
      fetch: hang as typeof fetch,
    });
    relay.watches.create({ provider: 'warpweb', id: 'closing-site' });
    const ticking = relay.ticker.tick();
    await expect.poll(() => signal).toBeDefined();
    expect(signal!.aborted).toBe(false);

    relay.close();
    expect(signal!.aborted).toBe(true);
    await ticking; // ends now: no 60 s timeout, no p-retry backoff
    expect(relay.watches.bySubject('warpweb/site/closing-site')).toMatchObject({ state: 'active', polls: 1 });
  });
});
