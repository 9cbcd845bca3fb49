/**
 * GET /openapi.json: the OpenAPI 3.1 document, generated from the zod
 * schemas the routes validate with. It documents itself, so every route the
 * app serves is in it (a test holds the two sets equal).
 */
import { createRoute, z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { VERSION } from '../../version';
import type { AppEnv } from '../env';
import { EVENT_TYPES, type EventTypeEntry } from '../event-catalog';
import { addMiddlewareAnswers } from '../openapi-middleware';
import { fixNullableRefs } from '../openapi-nullable';
import { EventSchema, NO_SECURITY } from '../schemas';

const route = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This API as an OpenAPI 3.1 document',
  tags: ['system'],
  security: NO_SECURITY,
  responses: {
    200: {
      description: 'The document',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
  },
});

const DELIVERY = [
  'Standard Webhooks: verify with the `standardwebhooks` library and the subscription secret.',
  'Delivered at least once (dedupe on `webhook-id`), in sequence order per subject;',
  'retried on any answer but 2xx (410 disables the subscription).',
].join(' ');

const DESCRIPTION = [
  'Webhook-and-poll event relay for AI website builders (Warpweb, Lindo): one normalized, durable CloudEvents stream, served as resumable Server-Sent Events and delivered to signed subscriber webhooks.',
  'Every error is `{"error": {"code", "message", "issues"?}}` (the `Error` schema): 400 `invalid_json` / `invalid_request` / `client_aborted`, 401 `unauthorized` / `invalid_signature`, 404 `not_found`, 405 `method_not_allowed`, 413 `payload_too_large`, 503 `not_configured` / `admin_token_missing`.',
].join('\n\n');

const header = (name: string, description: string) => ({
  name,
  in: 'header' as const,
  required: true,
  description,
  schema: { type: 'string' as const },
});

/** A delivery of one event type to a subscription URL. */
function deliveryOf(entry: EventTypeEntry): RouteConfig {
  const pattern = entry.type.endsWith('.*');
  const type = pattern ? z.string().regex(new RegExp(`^${entry.type.slice(0, -2)}\\.`)) : z.literal(entry.type);
  const schema = EventSchema.extend({ type, data: entry.data });
  return {
    method: 'post',
    path: entry.type,
    operationId: `deliver_${entry.type.replace(/[^a-z0-9]+/gi, '_').replace(/_$/, '')}`,
    summary: `A \`${entry.type}\` event delivered to a subscription URL`,
    description: `${entry.description} ${DELIVERY}`,
    security: NO_SECURITY,
    parameters: [
      header('webhook-id', 'The event id, the same on every attempt.'),
      header('webhook-timestamp', 'Unix seconds of this attempt.'),
      header(
        'webhook-signature',
        '`v1,<base64 HMAC-SHA256>` over `<id>.<timestamp>.<body>`; two, space-separated, while a rotated' +
          ' secret is still active.',
      ),
      {
        ...header(
          'traceparent',
          'W3C trace context of the request or poll that produced the event (its `traceparent`).',
        ),
        required: false,
      },
    ],
    request: {
      body: {
        required: true,
        description: "The same event JSON either way: labelled by the subscription's `content_mode`.",
        content: { 'application/json': { schema }, 'application/cloudevents+json': { schema } },
      },
    },
    responses: {
      200: { description: 'Any 2xx: delivered.' },
      410: { description: 'Gone: the subscription is disabled at once.' },
    },
  };
}

export function registerOpenApi(app: OpenAPIHono<AppEnv>, publicUrl: string | undefined) {
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
  // What subscribers receive (docs/api.md#deliveries): one OpenAPI 3.1 webhook per event type.
  for (const entry of EVENT_TYPES) app.openAPIRegistry.registerWebhook(deliveryOf(entry));

  // Routes are all registered before the first request; generate once.
  let document: Record<string, unknown> | undefined;
  app.openapi(route, (c) => {
    if (!document) {
      const generated = app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'sitewire',
          version: VERSION,
          description: DESCRIPTION,
          license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
        },
        tags: [
          { name: 'events', description: 'The normalized event stream: catch-up API, SSE and the event catalog.' },
          { name: 'ingest', description: 'Provider webhooks in.' },
          { name: 'watches', description: 'Provider resources the relay polls to a terminal state.' },
          { name: 'subscriptions', description: 'Subscriber webhooks out, their deliveries and replays.' },
          { name: 'system', description: 'Health, metrics, this document and the dashboard.' },
        ],
      });
      addMiddlewareAnswers(generated.paths as never);
      document = fixNullableRefs(generated) as Record<string, unknown>;
    }
    // Where this relay is reached: its configured public URL, else the origin the request came to.
    const url = publicUrl ?? new URL(c.req.url).origin;
    return c.json({ ...document, servers: [{ url }] }, 200);
  });
}
