/** POST /v1/subscriptions/{id}/recover: re-queue exactly the failed window (docs/api.md#recover). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Relay } from '../../services/relay';
import type { RecoverWindow } from '../../storage/deliveries-control';
import type { AppEnv } from '../env';
import { Position } from '../position-schema';
import { ADMIN_SECURITY, errorResponses, IdParam, jsonBody, jsonContent as json } from '../schemas';

const RecoverBody = z.strictObject({
  since: Position,
  until: Position.optional().openapi({ description: 'Inclusive; absent: up to now.' }),
  status: z
    .array(z.enum(['failed', 'dead']))
    .min(1)
    .max(2)
    .optional()
    .openapi({ description: 'Which states to re-queue (default both): failed (a retry is scheduled) and dead.' }),
});

const recover = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/recover',
  operationId: 'recoverSubscription',
  summary: 'Re-queue the failed and dead deliveries of a window',
  description:
    'A sequence bounds the event (inclusive); an ISO time bounds when the delivery was queued. Re-queued deliveries' +
    ' start a fresh retry schedule and keep per-resource order (each waits behind earlier events of its resource).',
  tags: ['subscriptions'],
  security: ADMIN_SECURITY,
  request: { params: IdParam, ...jsonBody(RecoverBody) },
  responses: {
    202: json(
      z.object({ recovered: z.number().openapi({ description: 'How many deliveries were re-queued.' }) }),
      'How many deliveries were re-queued',
    ),
    ...errorResponses(400, 401, 404),
  },
});

export function registerSubscriptionRecover(app: OpenAPIHono<AppEnv>, relay: Relay) {
  app.openapi(recover, (c) => {
    const { since, until, status } = c.req.valid('json');
    const window: RecoverWindow = {
      ...('seq' in since ? { sinceSeq: since.seq } : { sinceTime: since.time }),
      ...(until && ('seq' in until ? { untilSeq: until.seq } : { untilTime: until.time })),
      statuses: status ? [...new Set(status)] : ['failed', 'dead'],
    };
    return c.json({ recovered: relay.deliveries.subscriptions.recover(c.req.valid('param').id, window) }, 202);
  });
}
