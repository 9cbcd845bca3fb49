import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { loadNodeServerConfig } from './node-config';
import { serverOptions } from './node-server';

describe('Node server config', () => {
  it('has defaults that close a slow-header connection well within 30 s', () => {
    const c = loadNodeServerConfig({});
    expect(c).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 10_000,
    });
    const o = serverOptions(c);
    expect(o).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1000,
    });
    expect(o.headersTimeout! + o.connectionsCheckingInterval!).toBeLessThanOrEqual(30_000);
  });

  it('reads each variable', () => {
    expect(
      loadNodeServerConfig({
        SITEWIRE_HEADERS_TIMEOUT_MS: '2000',
        SITEWIRE_REQUEST_TIMEOUT_MS: '4000',
        SITEWIRE_KEEP_ALIVE_TIMEOUT_MS: '700',
        SITEWIRE_MAX_CONNECTIONS: '50',
      }),
    ).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 700, maxConnections: 50 });
  });

  it.each([
    [{ SITEWIRE_MAX_CONNECTIONS: 'many' }, 'SITEWIRE_MAX_CONNECTIONS: expected a whole number (got "many")'],
    [
      { SITEWIRE_HEADERS_TIMEOUT_MS: '5' },
      'SITEWIRE_HEADERS_TIMEOUT_MS: Too small: expected number to be >=100 (got "5")',
    ],
    [
      { SITEWIRE_HEADERS_TIMEOUT_MS: '60000' },
      'SITEWIRE_HEADERS_TIMEOUT_MS: expected at most SITEWIRE_REQUEST_TIMEOUT_MS (30000) (got "60000")',
    ],
  ])('fails with one line naming the variable: %j', (env, line) => {
    expect(() => loadNodeServerConfig(env)).toThrow(new ConfigError(`invalid configuration: ${line}`));
  });
});
