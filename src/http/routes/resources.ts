/**
 * One build's state and stream (docs/api.md#resources, docs/api.md#streams): GET /v1/resources/{provider}/{kind}/{id}
 * and .../stream — the current state first, then each change; the stream ends
 * after the terminal event, and a reconnect already past it gets 204 so a
 * browser's EventSource stops. A stream token opens a build's stream only if
 * its scope covers that whole build; any other token is refused before
 * anything about the build is read, so the answer cannot tell whether the
 * build exists, runs or has ended.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { subjectOf } from '../../core/event';
import { notFound, unauthorized } from '../../core/errors';
import { formatSequence } from '../../core/sequence';
import { filterCovers, matchesFilter } from '../../core/filter';
import { KINDS, type Kind } from '../../core/status';
import { findProvider } from '../../providers';
import type { Relay } from '../../services/relay';
import { bearerChallenge } from '../auth';
import type { AppEnv } from '../env';
import { errorResponses, sequenceParam, ADMIN_SECURITY, STREAM_SECURITY } from '../schemas';
import { RETRY_FRAME, SSE_HEADERS, frameOf } from '../sse/frames';
import type { SseRegistry } from '../sse/registry';
import { lastEventId, openSse } from '../sse/respond';
import { gapFrames } from '../sse/gap';
import { snapshotEvent } from '../sse/snapshot';
import { ResourceParams, ResourceSchema, watchJson } from '../watch-schemas';
import { concatBytes } from '../../core/bytes';

const get = createRoute({
  method: 'get',
  path: '/v1/resources/{provider}/{kind}/{id}',
  operationId: 'getResource',
  summary: "A resource's latest normalized state",
  tags: ['events'],
  security: ADMIN_SECURITY,
  request: { params: ResourceParams },
  responses: {
    200: { description: 'The state', content: { 'application/json': { schema: ResourceSchema } } },
    ...errorResponses(400, 401, 404),
  },
});

const stream = createRoute({
  method: 'get',
  path: '/v1/resources/{provider}/{kind}/{id}/stream',
  operationId: 'streamResource',
  summary: "Stream one build's state (Server-Sent Events)",
  description:
    'The current state first, then each change; closes after the terminal event. A reconnect whose Last-Event-ID is already at or past the terminal event answers 204. ' +
    "A stream token must cover the whole build (its resources include the build's subject or are empty, its providers the provider or are empty, its types every `<kind>.` type or are empty); any other token gets 401, whatever the build's state.",
  tags: ['events'],
  security: STREAM_SECURITY,
  request: {
    params: ResourceParams,
    query: z.object({
      last_event_id: sequenceParam.optional().openapi({ type: 'string' }),
      access_token: z.string().optional(),
    }),
  },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    204: { description: 'The build already ended before Last-Event-ID' },
    ...errorResponses(400, 401, 404),
  },
});

function resolve(p: { provider: string; kind: string; id: string }): { kind: Kind; subject: string } {
  if (!findProvider(p.provider)) throw notFound(`No provider named ${JSON.stringify(p.provider)}.`);
  if (!(KINDS as readonly string[]).includes(p.kind)) throw notFound(`No resource kind ${JSON.stringify(p.kind)}.`);
  return { kind: p.kind as Kind, subject: subjectOf(p.provider, p.kind, p.id) };
}

export function registerResources(app: OpenAPIHono<AppEnv>, relay: Relay, sse: SseRegistry) {
  app.openapi(get, (c) => {
    const p = c.req.valid('param');
    const { subject } = resolve(p);
    const state = relay.store.resources.get(subject);
    const watch = relay.watches.bySubject(subject);
    if (!state && !watch) throw notFound('Nothing is known about that resource yet.');
    return c.json(
      {
        subject,
        provider: p.provider,
        kind: p.kind,
        resource_id: p.id,
        status: state?.status ?? watch?.status ?? null,
        terminal: state?.terminal ?? false,
        last_sequence: state ? formatSequence(state.lastSeq) : null,
        last_event_id: state?.lastEventId ?? null,
        updated_at: state ? new Date(state.updatedAt).toISOString() : null,
        data: state ? (state.data as Record<string, unknown>) : null,
        watch: watch ? watchJson(watch) : null,
      },
      200,
    );
  });

  app.openapi(stream, (c) => {
    const p = c.req.valid('param');
    const { kind, subject } = resolve(p);
    const scope = c.get('scope');
    const endsAt = c.get('scopeEndsAt');
    if (scope && !filterCovers(scope, { type: `${kind}.*`, provider: p.provider, subject })) {
      c.set('challenge', bearerChallenge(true));
      throw unauthorized('This stream token does not cover that build.');
    }
    const state = relay.store.resources.get(subject);
    const last = lastEventId(c.req.header('last-event-id'), c.req.valid('query').last_event_id);
    const filter = { resources: [subject], types: [`${kind}.*`, 'watch.*'] };
    const closeAfter = [`${kind}.complete`, `${kind}.failed`];

    const ended = state?.terminal === true && last !== null && last >= state.lastSeq;
    if (ended) return c.body(null, 204) as never;
    // HEAD gets the headers only: a stream opened for it would never be read.
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: SSE_HEADERS }) as never;
    if (last !== null) {
      const opts = { filter, scope, endsAt, afterSeq: last, closeAfter };
      return openSse(relay, sse, opts, gapFrames(relay, last), c.get('openSink')) as never;
    }
    if (!state)
      return openSse(relay, sse, { filter, scope, endsAt, afterSeq: null, closeAfter }, [], c.get('openSink')) as never;

    // A `<kind>.*` event of this build: inside any scope that got this far, but for its content filter.
    const snapshot = snapshotEvent(relay, state);
    if (scope && !matchesFilter(scope, snapshot)) {
      c.set('challenge', bearerChallenge(true));
      throw unauthorized('This stream token does not cover that build.');
    }
    const first = [frameOf(snapshot)];
    if (state.terminal) {
      // Already over: the final state, then the end (the reconnect that follows gets 204).
      return new Response(concatBytes(RETRY_FRAME, ...first), { status: 200, headers: SSE_HEADERS }) as never;
    }
    return openSse(
      relay,
      sse,
      { filter, scope, endsAt, afterSeq: state.lastSeq, closeAfter },
      first,
      c.get('openSink'),
    ) as never;
  });
}
