/**
 * createApp(deps) -> the one Hono app both runtimes serve. Routes, auth and
 * error mapping live here and in routes/; runtime shells only provide deps.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Relay } from '../services/relay';
import { VERSION } from '../version';
import { requireAuth, type StreamTokenCheck } from './auth';
import type { AppEnv } from './env';
import { bodyLimit } from './body-limit';
import { handleError, notFoundHandler, validationHook } from './errors';
import { addMethodNotAllowed } from './method-not-allowed';
import { registerEvents } from './routes/events';
import { registerHealth } from './routes/health';
import { registerIngest } from './routes/ingest';
import { registerStream } from './routes/stream';
import { createSseRegistry, type SseRegistry } from './sse/registry';
import type { OpenSink } from './sse/sink';
import { jsonBodies } from './json-bodies';

export interface AppDeps {
  relay: Relay;
  /** The admin token in force (undefined: /v1 answers 503 admin_token_missing). */
  adminToken: () => string | undefined;
  streamToken?: StreamTokenCheck;
  sse?: SseRegistry;
  /**
   * The runtime's own SSE sink for a request (Node: write to the socket directly, which is both
   * faster than a Web stream and lets a slow client be cut off quietly). Without it, or when it
   * answers undefined, SSE responses are Web streams, which work everywhere.
   */
  sseSink?: (c: Context) => OpenSink | undefined;
}

const STREAM_PATH = /^\/v1\/(stream|resources\/[^/]+\/[^/]+\/[^/]+\/stream)$/;

export function createApp(deps: AppDeps) {
  const { relay } = deps;
  const sse =
    deps.sse ?? createSseRegistry({ heartbeatMs: relay.config.sseHeartbeatMs, maxBufferBytes: relay.config.sseMaxBufferBytes });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.onError(handleError(relay.logger));
  app.notFound(notFoundHandler);
  app.use('*', bodyLimit(relay.config.maxBodyBytes));
  app.use('/v1/*', requireAuth({ adminToken: deps.adminToken, streamToken: deps.streamToken, isStreamRoute: (p) => STREAM_PATH.test(p) }));
  app.use('/v1/*', jsonBodies());
  app.use('/v1/*', (c, next) => {
    c.set('openSink', deps.sseSink?.(c));
    return next();
  });

  registerHealth(app, relay);
  registerIngest(app, relay);
  registerEvents(app, relay);
  registerStream(app, relay, sse);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'streamToken', { type: 'apiKey', in: 'query', name: 'access_token' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'sitewire', version: VERSION, description: 'Webhook-and-poll event relay for AI website builders.' },
  });

  addMethodNotAllowed(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
