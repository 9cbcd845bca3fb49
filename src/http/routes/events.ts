/** The catch-up API: GET /v1/events and GET /v1/events/{id} (docs/api.md#events). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { notFound } from '../../core/errors';
import { formatSequence } from '../../core/sequence';
import type { Relay } from '../../services/relay';
import type { AppEnv } from '../env';
import {
  ADMIN_SECURITY,
  EventSchema,
  FilterQuery,
  errorResponses,
  IdParam,
  jsonContent,
  limitParam,
  SequenceSchema,
  sequenceParam,
} from '../schemas';

const list = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  summary: 'List stored events in sequence order',
  tags: ['events'],
  security: ADMIN_SECURITY,
  request: {
    query: FilterQuery.extend({
      after: sequenceParam.optional().openapi({ type: 'string', description: 'Return events after this sequence.' }),
      limit: limitParam(1000, 100),
    }),
  },
  responses: {
    200: {
      description: 'A page of events',
      content: {
        'application/json': {
          schema: z.object({
            data: z.array(EventSchema),
            next_after: SequenceSchema.openapi({ description: 'Pass as `after` to read on.' }),
            oldest_sequence: SequenceSchema.nullable()
              .optional()
              .openapi({
                description:
                  'The oldest retained position (null when no event is stored): a stream resumed from before it' +
                  ' first gets a `sitewire.gap` event.',
              }),
            last_sequence: SequenceSchema.openapi({
              description:
                'The newest sequence assigned so far (how far there is to read; `last_event_id` for a stream' +
                ' that should start near the end).',
            }),
          }),
        },
      },
    },
    ...errorResponses(400, 401),
  },
});

const one = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  operationId: 'getEvent',
  summary: 'Get one event',
  tags: ['events'],
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 200: jsonContent(EventSchema, 'The event'), ...errorResponses(401, 404) },
});

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function registerEvents(app: OpenAPIHono<AppEnv>, relay: Relay) {
  app.openapi(list, (c) => {
    const q = c.req.valid('query');
    const after = q.after ?? 0;
    const events = relay.store.events.after(after, q, q.limit);
    const next = events.at(-1)?.seq ?? after;
    // Stored events are already JSON: splice them in rather than parse and re-serialize.
    const last = relay.store.events.lastSeq();
    const body = `{"data":[${events.map((e) => e.json).join(',')}],"next_after":"${formatSequence(next)}",`;
    const oldest = relay.store.events.oldestSeq();
    const positions = `"oldest_sequence":${oldest === null ? 'null' : `"${formatSequence(oldest)}"`},`;
    return c.body(`${body}${positions}"last_sequence":"${formatSequence(last)}"}`, 200, JSON_HEADERS) as never;
  });

  app.openapi(one, (c) => {
    const e = relay.store.events.byId(c.req.valid('param').id);
    if (!e) throw notFound('No event with that id.');
    return c.body(e.json, 200, JSON_HEADERS) as never;
  });
}
