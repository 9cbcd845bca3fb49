/** GET /v1/event-types: the event catalog (docs/events.md#event-types), each type with its `data` schema and an example. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { EVENT_TYPES, EventTypeSchema } from '../event-catalog';
import { ADMIN_SECURITY, errorResponses, jsonContent } from '../schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/event-types',
  operationId: 'listEventTypes',
  summary: 'List the event types the relay emits',
  tags: ['events'],
  security: ADMIN_SECURITY,
  responses: { 200: jsonContent(z.object({ data: z.array(EventTypeSchema) }), 'The catalog'), ...errorResponses(401) },
});

export function registerEventTypes(app: OpenAPIHono<AppEnv>) {
  let catalog: z.infer<typeof EventTypeSchema>[] | undefined;
  app.openapi(route, (c) => {
    catalog ??= EVENT_TYPES.map((e) => ({
      type: e.type,
      description: e.description,
      data_schema: z.toJSONSchema(e.data, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>,
      example: e.example,
    }));
    return c.json({ data: catalog }, 200);
  });
}
