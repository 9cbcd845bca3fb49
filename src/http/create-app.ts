/**
 * createApp(deps) -> the one Hono app both runtimes serve. Routes, auth and
 * error mapping live here and in routes/; runtime shells only provide deps.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Relay } from '../services/relay';
import { createStreamTokens } from '../services/stream-tokens';
import { requireAuth } from './auth';
import type { AppEnv } from './env';
import { bodyLimit } from './body-limit';
import { streamCors } from './stream-cors';
import { handleError, notFoundHandler, validationHook } from './errors';
import { jsonBodies } from './json-bodies';
import { ingestRejections } from './metrics/ingest-rejections';
import { addMethodNotAllowed } from './method-not-allowed';
import { registerDashboard } from './routes/dashboard';
import { registerEvents } from './routes/events';
import { registerEventTypes } from './routes/event-types';
import { registerHealth } from './routes/health';
import { registerIngest } from './routes/ingest';
import { registerMetrics } from './routes/metrics';
import { registerOpenApi } from './routes/openapi';
import { registerResources } from './routes/resources';
import { registerStream } from './routes/stream';
import { registerStreamTokens } from './routes/stream-tokens';
import { registerSubscriptionActions } from './routes/subscription-actions';
import { registerSubscriptions } from './routes/subscriptions';
import { registerWatchActions } from './routes/watch-actions';
import { registerWatches } from './routes/watches';
import { createSseRegistry, type SseRegistry } from './sse/registry';
import type { OpenSink } from './sse/sink';

export interface AppDeps {
  relay: Relay;
  /** The admin token in force (undefined: /v1 answers 503 admin_token_missing). */
  adminToken: () => string | undefined;
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
    deps.sse ??
    createSseRegistry({
      heartbeatMs: relay.config.sseHeartbeatMs,
      maxBufferBytes: relay.config.sseMaxBufferBytes,
      logger: relay.logger,
    });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const tokens = createStreamTokens({ store: relay.store, now: relay.now });
  const rejections = ingestRejections();

  app.onError(handleError(relay.logger));
  app.notFound(notFoundHandler);
  // Before the body limit, so refused oversized webhooks are counted too.
  app.use('/ingest/*', rejections.middleware);
  app.use('*', bodyLimit(relay.config.maxBodyBytes));
  app.use(
    '/v1/*',
    streamCors((p) => STREAM_PATH.test(p)),
  );
  const isStreamRoute = (p: string) => STREAM_PATH.test(p);
  app.use('/v1/*', requireAuth({ adminToken: deps.adminToken, streamToken: tokens.verify, isStreamRoute }));
  app.use('/v1/*', jsonBodies());
  app.use('/v1/*', (c, next) => {
    c.set('openSink', deps.sseSink?.(c));
    return next();
  });
  app.use('/metrics', requireAuth({ adminToken: deps.adminToken, isStreamRoute: () => false }));

  registerHealth(app, relay);
  registerIngest(app, relay);
  registerEvents(app, relay);
  registerEventTypes(app);
  registerStream(app, relay, sse);
  registerWatches(app, relay);
  registerWatchActions(app, relay);
  registerResources(app, relay, sse);
  registerSubscriptions(app, relay);
  registerSubscriptionActions(app, relay);
  registerStreamTokens(app, relay, tokens);
  registerMetrics(app, relay, [
    rejections.collect,
    () => ({
      name: 'sitewire_sse_clients',
      help: 'Open Server-Sent-Events connections.',
      type: 'gauge',
      samples: [{ labels: {}, value: sse.size }],
    }),
  ]);
  registerDashboard(app);
  registerOpenApi(app, relay.config.publicUrl);

  addMethodNotAllowed(app);
  return app;
}
