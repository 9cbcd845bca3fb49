/**
 * The Node server's own settings (timeouts, connection cap): env -> typed
 * values, failing at start with one line naming the variable, as config.ts
 * does for the shared settings. Workers have none of these (the platform
 * owns its connections).
 */
import { z } from 'zod';
import { ConfigError, parseEnv } from '../env-values';

export interface NodeServerConfig {
  /** Time a client has to send the request headers (slow-header connections are closed after it). */
  headersTimeoutMs: number;
  /** Time a client has to send the whole request, headers and body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Open connections at most (SSE streams included); connections past it are closed at once. */
  maxConnections: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

const int = (min: number, max = MAX_TIMER_MS) =>
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().min(min).max(max));

const env = z.object({
  SITEWIRE_HEADERS_TIMEOUT_MS: int(100).default(10_000),
  SITEWIRE_REQUEST_TIMEOUT_MS: int(100).default(30_000),
  SITEWIRE_KEEP_ALIVE_TIMEOUT_MS: int(100).default(5_000),
  SITEWIRE_MAX_CONNECTIONS: int(1, 1_000_000).default(10_000),
});

export function loadNodeServerConfig(source: Record<string, unknown>): NodeServerConfig {
  const { values: e, raw } = parseEnv(env, source);
  // Node refuses a headers timeout longer than the request timeout: say so in the same one-line form.
  if (e.SITEWIRE_HEADERS_TIMEOUT_MS > e.SITEWIRE_REQUEST_TIMEOUT_MS) {
    const got = JSON.stringify(raw.SITEWIRE_HEADERS_TIMEOUT_MS ?? String(e.SITEWIRE_HEADERS_TIMEOUT_MS));
    throw new ConfigError(
      `invalid configuration: SITEWIRE_HEADERS_TIMEOUT_MS: expected at most SITEWIRE_REQUEST_TIMEOUT_MS ` +
        `(${e.SITEWIRE_REQUEST_TIMEOUT_MS}) (got ${got})`,
    );
  }
  return {
    headersTimeoutMs: e.SITEWIRE_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.SITEWIRE_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.SITEWIRE_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: e.SITEWIRE_MAX_CONNECTIONS,
  };
}
