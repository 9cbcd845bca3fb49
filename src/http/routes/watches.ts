/** POST/GET/DELETE /v1/watches (docs/api.md#watches). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { notFound } from '../../core/errors';
import type { Relay } from '../../services/relay';
import { WATCH_STATES } from '../../storage/watches-store';
import type { AppEnv } from '../env';
import { pageSchema, toPage } from '../paging';
import { ADMIN_SECURITY, errorResponses, IdParam, jsonBody, jsonContent as json, limitParam } from '../schemas';
import { CreateWatchSchema, WatchSchema, watchJson } from '../watch-schemas';

const create = createRoute({
  method: 'post',
  path: '/v1/watches',
  operationId: 'createWatch',
  summary: 'Follow a provider resource to its terminal state',
  description:
    '201 with a new watch; 200 with the existing one for the same provider+kind+id (an expired or errored one is re-armed).',
  tags: ['watches'],
  security: ADMIN_SECURITY,
  request: jsonBody(CreateWatchSchema),
  responses: {
    201: json(WatchSchema, 'Created'),
    200: json(WatchSchema, 'Already watched'),
    ...errorResponses(400, 401, 503),
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/watches',
  operationId: 'listWatches',
  summary: 'List watches',
  tags: ['watches'],
  security: ADMIN_SECURITY,
  request: {
    query: z.object({
      state: z.enum(WATCH_STATES).optional(),
      provider: z.string().max(50).optional(),
      kind: z.string().max(50).optional(),
      cursor: z.string().max(100).optional().openapi({ description: 'next_cursor of the previous page' }),
      limit: limitParam(500, 100),
    }),
  },
  responses: {
    200: json(pageSchema(WatchSchema), 'A page of watches, oldest first'),
    ...errorResponses(400, 401),
  },
});

const one = createRoute({
  method: 'get',
  path: '/v1/watches/{id}',
  operationId: 'getWatch',
  summary: 'Get one watch',
  tags: ['watches'],
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 200: json(WatchSchema, 'The watch'), ...errorResponses(401, 404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/watches/{id}',
  operationId: 'deleteWatch',
  summary: 'Stop polling and forget a watch',
  tags: ['watches'],
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
});

export function registerWatches(app: OpenAPIHono<AppEnv>, relay: Relay) {
  app.openapi(create, (c) => {
    const b = c.req.valid('json');
    const { watch, created } = relay.watches.create({
      provider: b.provider,
      id: b.id,
      kind: b.kind,
      deadlineS: b.deadline_s,
      metadata: b.metadata,
    });
    return c.json(
      watchJson(relay.watches.get(watch.id) ?? watch, relay.warpweb.pauseOf(watch.id)),
      created ? 201 : 200,
    );
  });

  app.openapi(list, (c) => {
    const q = c.req.valid('query');
    const rows = relay.watches.list({
      state: q.state,
      provider: q.provider,
      kind: q.kind,
      after: q.cursor,
      limit: q.limit + 1,
    });
    return c.json(
      toPage(rows, q.limit, (w) => watchJson(w, relay.warpweb.pauseOf(w.id))),
      200,
    );
  });

  app.openapi(one, (c) => {
    const watch = relay.watches.get(c.req.valid('param').id);
    if (!watch) throw notFound('No watch with that id.');
    return c.json(watchJson(watch, relay.warpweb.pauseOf(watch.id)), 200);
  });

  app.openapi(remove, (c) => {
    if (!relay.watches.remove(c.req.valid('param').id)) throw notFound('No watch with that id.');
    return c.body(null, 204);
  });
}
