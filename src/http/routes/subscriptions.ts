/** Subscriptions CRUD: /v1/subscriptions and /v1/subscriptions/{id} (docs/api.md#subscriptions). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Relay } from '../../services/relay';
import type { AppEnv } from '../env';
import { pageSchema, toPage } from '../paging';
import { ADMIN_SECURITY, errorResponses, IdParam, jsonBody, jsonContent as json, limitParam } from '../schemas';
import { CreateSubscription, PatchSubscription, SubscriptionSchema, toSubscriptionJson } from '../subscription-schemas';

const tags = ['subscriptions'];

const create = createRoute({
  method: 'post',
  path: '/v1/subscriptions',
  operationId: 'createSubscription',
  summary: 'Create a subscription',
  description:
    'The URL must be http(s); unless SITEWIRE_ALLOW_PRIVATE_TARGETS, one whose host resolves to a non-public address is refused with 400 forbidden_target.',
  tags,
  security: ADMIN_SECURITY,
  request: jsonBody(CreateSubscription),
  responses: { 201: json(SubscriptionSchema, 'The subscription, with its secret'), ...errorResponses(400, 401) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/subscriptions',
  operationId: 'listSubscriptions',
  summary: 'List subscriptions',
  tags,
  security: ADMIN_SECURITY,
  request: { query: z.object({ limit: limitParam(500, 100), cursor: z.string().max(100).optional() }) },
  responses: {
    200: json(pageSchema(SubscriptionSchema), 'A page of subscriptions'),
    ...errorResponses(400, 401),
  },
});

const one = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}',
  operationId: 'getSubscription',
  summary: 'Get a subscription',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 200: json(SubscriptionSchema, 'The subscription'), ...errorResponses(401, 404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/v1/subscriptions/{id}',
  operationId: 'updateSubscription',
  summary: 'Change a subscription',
  description: 'Enabling a disabled subscription clears disabled_reason and resumes its held deliveries.',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam, ...jsonBody(PatchSubscription) },
  responses: { 200: json(SubscriptionSchema, 'The subscription'), ...errorResponses(400, 401, 404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/subscriptions/{id}',
  operationId: 'deleteSubscription',
  summary: 'Delete a subscription and its deliveries',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
});

export function registerSubscriptions(app: OpenAPIHono<AppEnv>, relay: Relay) {
  const service = relay.deliveries.subscriptions;

  app.openapi(create, async (c) => c.json(toSubscriptionJson(await service.create(c.req.valid('json'))), 201));

  app.openapi(list, (c) => {
    const { limit, cursor } = c.req.valid('query');
    const rows = service.list(cursor ?? null, limit + 1);
    return c.json(toPage(rows, limit, toSubscriptionJson), 200);
  });

  app.openapi(one, (c) => c.json(toSubscriptionJson(service.get(c.req.valid('param').id)), 200));

  app.openapi(patch, async (c) =>
    c.json(toSubscriptionJson(await service.update(c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  app.openapi(remove, (c) => {
    service.remove(c.req.valid('param').id);
    return c.body(null, 204);
  });
}
