/**
 * What one does with a subscription besides editing it: rotate its secret,
 * send a test, replay stored events, read its delivery log, retry a delivery.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Relay } from '../../services/relay';
import type { AppEnv } from '../env';
import { Position } from '../position-schema';
import { pageSchema, toPage } from '../paging';
import { ADMIN_SECURITY, errorResponses, IdParam, jsonBody, jsonContent as json, limitParam } from '../schemas';
import { registerSubscriptionRecover } from './subscription-recover';
import {
  DeliverySchema,
  DeliveryStatusSchema,
  SubscriptionSchema,
  TestResultSchema,
  toDeliveryJson,
  toSubscriptionJson,
  toTestResultJson,
} from '../subscription-schemas';

const tags = ['subscriptions'];

const rotate = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/rotate-secret',
  operationId: 'rotateSubscriptionSecret',
  summary: 'Rotate the signing secret',
  description:
    'Returns the subscription with its new secret; the previous one keeps signing alongside it for 24 hours (two signatures).',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 200: json(SubscriptionSchema, 'The subscription with its new secret'), ...errorResponses(401, 404) },
});

const test = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/test',
  operationId: 'testSubscription',
  summary: 'Send a sitewire.test event now',
  description: 'One attempt, answered with its result. The test event is not stored, not streamed and not retried.',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 200: json(TestResultSchema, 'The attempt'), ...errorResponses(401, 404) },
});

const replay = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/replay',
  operationId: 'replaySubscription',
  summary: 'Re-queue stored events that match the subscription',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam, ...jsonBody(z.strictObject({ since: Position })) },
  responses: {
    202: json(z.object({ queued: z.number() }), 'How many deliveries were queued'),
    ...errorResponses(400, 401, 404),
  },
});

const deliveries = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/deliveries',
  operationId: 'listSubscriptionDeliveries',
  summary: 'The delivery log of a subscription, newest first',
  tags,
  security: ADMIN_SECURITY,
  request: {
    params: IdParam,
    query: z.object({
      status: DeliveryStatusSchema.optional(),
      limit: limitParam(500, 50),
      cursor: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: json(pageSchema(DeliverySchema), 'A page of deliveries'),
    ...errorResponses(400, 401, 404),
  },
});

const retry = createRoute({
  method: 'post',
  path: '/v1/deliveries/{id}/retry',
  operationId: 'retryDelivery',
  summary: 'Queue one delivery again now, with a fresh retry schedule',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 202: json(DeliverySchema, 'The re-queued delivery'), ...errorResponses(401, 404) },
});

export function registerSubscriptionActions(app: OpenAPIHono<AppEnv>, relay: Relay) {
  const service = relay.deliveries.subscriptions;

  app.openapi(rotate, (c) => c.json(toSubscriptionJson(service.rotateSecret(c.req.valid('param').id)), 200));

  app.openapi(test, async (c) => {
    const { eventId, at, report } = await relay.deliveries.sendTest(c.req.valid('param').id);
    return c.json(toTestResultJson(eventId, at, report), 200);
  });

  app.openapi(replay, (c) =>
    c.json({ queued: service.replay(c.req.valid('param').id, c.req.valid('json').since) }, 202),
  );

  app.openapi(deliveries, (c) => {
    const { status, limit, cursor } = c.req.valid('query');
    const rows = service.deliveries(c.req.valid('param').id, status, cursor ?? null, limit + 1);
    return c.json(toPage(rows, limit, toDeliveryJson), 200);
  });

  app.openapi(retry, (c) => c.json(toDeliveryJson(service.retry(c.req.valid('param').id)), 202));

  registerSubscriptionRecover(app, relay);
}
