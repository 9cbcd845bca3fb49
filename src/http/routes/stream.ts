/** GET /v1/stream: every matching event as SSE, resumable with Last-Event-ID (docs/api.md#streams). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Relay } from '../../services/relay';
import type { AppEnv } from '../env';
import { errorResponses, FilterQuery, sequenceParam, STREAM_SECURITY } from '../schemas';
import type { SseRegistry } from '../sse/registry';
import { SSE_HEADERS } from '../sse/frames';
import { gapFrames } from '../sse/gap';
import { lastEventId, openSse } from '../sse/respond';

const route = createRoute({
  method: 'get',
  path: '/v1/stream',
  operationId: 'streamEvents',
  summary: 'Stream events (Server-Sent Events)',
  description:
    'Each message has `id: <sequence>`, `event: <type>` and the event JSON as `data`. Reconnect with `Last-Event-ID` (or `last_event_id`) to receive every matching event after it, once, in order, before live ones.',
  tags: ['events'],
  security: STREAM_SECURITY,
  request: {
    query: FilterQuery.extend({
      last_event_id: sequenceParam.optional().openapi({ type: 'string' }),
      access_token: z.string().optional(),
    }),
  },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses(400, 401),
  },
});

export function registerStream(app: OpenAPIHono<AppEnv>, relay: Relay, sse: SseRegistry) {
  app.openapi(route, (c) => {
    const q = c.req.valid('query');
    // HEAD gets the headers only: a stream opened for it would never be read, nor closed.
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: SSE_HEADERS }) as never;
    const afterSeq = lastEventId(c.req.header('last-event-id'), q.last_event_id);
    return openSse(
      relay,
      sse,
      { filter: q, scope: c.get('scope'), endsAt: c.get('scopeEndsAt'), afterSeq },
      gapFrames(relay, afterSeq),
      c.get('openSink'),
    ) as never;
  });
}
