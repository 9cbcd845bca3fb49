/**
 * The relay and its app, composed the same way on every runtime: the services
 * (services/relay.ts, which lists the steps every event goes through), the SSE
 * registry and the Hono app. Runtime shells add a database, a timer and a
 * server; tests use this directly.
 */
import { createApp, type AppDeps } from '../http/create-app';
import type { StreamHandOff } from '../http/sse/hand-off';
import { createSseRegistry } from '../http/sse/registry';
import { createRelay, type Relay, type RelayDeps } from '../services/relay';

export interface RelayAppDeps extends RelayDeps {
  /** The admin token in force, once the relay exists (Node may keep a generated one in it). Default: the configured one. */
  adminToken?: (relay: Relay) => string | undefined;
  /** The runtime's own SSE sink (Node); without it SSE responses are Web streams. */
  sseSink?: AppDeps['sseSink'];
  /** Streams are held by other objects (Workers fan-outs): stream routes answer with their plan. */
  streamHandOff?: StreamHandOff;
}

export function createRelayApp(deps: RelayAppDeps) {
  const relay = createRelay(deps);
  const adminToken = deps.adminToken ? deps.adminToken(relay) : deps.config.adminToken;
  const sse = createSseRegistry({
    heartbeatMs: deps.config.sseHeartbeatMs,
    maxBufferBytes: deps.config.sseMaxBufferBytes,
    logger: deps.logger,
    handOff: deps.streamHandOff,
  });
  const app = createApp({ relay, adminToken: () => adminToken, sse, sseSink: deps.sseSink });
  return { relay, sse, app, adminToken };
}

export type RelayApp = ReturnType<typeof createRelayApp>;
