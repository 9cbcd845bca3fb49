/**
 * GET /openapi.json: the OpenAPI 3.1 document, generated from the zod
 * schemas the routes validate with. It documents itself, so every route the
 * app serves is in it (a test holds the two sets equal).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { VERSION } from '../../version';
import type { AppEnv } from '../env';
import { EventSchema } from '../schemas';

const route = createRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This API as an OpenAPI 3.1 document',
  tags: ['system'],
  responses: {
    200: { description: 'The document', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
  },
});

const DESCRIPTION = [
  'Webhook-and-poll event relay for AI website builders (Warpweb, Lindo): one normalized, durable CloudEvents stream, served as resumable Server-Sent Events and delivered to signed subscriber webhooks.',
  'Every error is `{"error": {"code", "message", "issues"?}}` (the `Error` schema): 400 `invalid_json` / `invalid_request` / `client_aborted`, 401 `unauthorized` / `invalid_signature`, 404 `not_found`, 405 `method_not_allowed`, 413 `payload_too_large`, 503 `not_configured` / `admin_token_missing`.',
].join('\n\n');

export function registerOpenApi(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'SITEWIRE_ADMIN_TOKEN.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'streamToken', {
    type: 'apiKey',
    in: 'query',
    name: 'access_token',
    description: 'A token from POST /v1/stream-tokens; stream routes only.',
  });
  // What subscribers receive (docs/api.md#deliveries): documented as an OpenAPI 3.1 webhook.
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: 'event',
    summary: 'An event delivered to a subscription URL',
    description:
      'Standard Webhooks: verify with the `standardwebhooks` library and the subscription secret. Delivered at least once (dedupe on `webhook-id`), in sequence order per subject; retried on any answer but 2xx (410 disables the subscription).',
    parameters: [
      { name: 'webhook-id', in: 'header', required: true, description: 'The event id, the same on every attempt.', schema: { type: 'string' } },
      { name: 'webhook-timestamp', in: 'header', required: true, description: 'Unix seconds of this attempt.', schema: { type: 'string' } },
      {
        name: 'webhook-signature',
        in: 'header',
        required: true,
        description: '`v1,<base64 HMAC-SHA256>` over `<id>.<timestamp>.<body>`; two space-separated while a rotated secret is still active.',
        schema: { type: 'string' },
      },
    ],
    request: { body: { required: true, content: { 'application/json': { schema: EventSchema } } } },
    responses: {
      200: { description: 'Any 2xx: delivered.' },
      410: { description: 'Gone: the subscription is disabled at once.' },
    },
  });

  // Routes are all registered before the first request; generate once.
  let document: unknown;
  app.openapi(route, (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'sitewire', version: VERSION, description: DESCRIPTION, license: { name: 'MIT' } },
      tags: [
        { name: 'events', description: 'The normalized event stream: catch-up API and SSE.' },
        { name: 'ingest', description: 'Provider webhooks in.' },
        { name: 'system', description: 'Health, metrics, this document and the dashboard.' },
      ],
    });
    return c.json(document as Record<string, unknown>, 200);
  });
}
