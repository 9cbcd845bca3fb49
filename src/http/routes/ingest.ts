/** POST /ingest/<provider>: provider webhooks in (docs/api.md#ingest). One route per registered adapter. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { PROVIDERS } from '../../providers';
import type { Relay } from '../../services/relay';
import type { AppEnv } from '../env';
import { readGuarded } from '../read-body';
import { errorResponses, NO_SECURITY } from '../schemas';
import { INGEST_DOCS, registerIngestSchemas } from './ingest-docs';

const Received = z
  .object({ received: z.literal(true), duplicate: z.boolean(), events: z.array(z.string()).optional() })
  .openapi('WebhookReceived');

export function registerIngest(app: OpenAPIHono<AppEnv>, relay: Relay) {
  registerIngestSchemas(app);
  for (const provider of PROVIDERS) {
    const doc = INGEST_DOCS[provider.name];
    const route = createRoute({
      method: 'post',
      path: `/ingest/${provider.name}`,
      operationId: `receive${provider.name[0]!.toUpperCase()}${provider.name.slice(1)}Webhook`,
      summary: `Receive a ${provider.name} webhook`,
      description: `${doc ? `${doc.description} ` : ''}Verified, deduplicated and stored before the 200 is sent.`,
      tags: ['ingest'],
      security: NO_SECURITY,
      ...(doc && {
        parameters: doc.parameters,
        // A reference, not a zod schema: documented, but not validated before the signature check.
        request: {
          body: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${doc.component}` } } },
          },
        },
      }),
      responses: {
        200: { description: 'Taken in (or a duplicate)', content: { 'application/json': { schema: Received } } },
        ...errorResponses(400, 401, 413, 503),
      },
    });
    app.openapi(route, async (c) => {
      const body = new Uint8Array(await readGuarded(c.req.raw, () => c.req.arrayBuffer()));
      const query = new URL(c.req.url).searchParams;
      c.set('challenge', provider.ingestDoc.challenge);
      const result = await relay.ingest.ingest(provider, { body, headers: c.req.raw.headers, query });
      return c.json(
        result.duplicate
          ? { received: true as const, duplicate: true }
          : { received: true as const, duplicate: false, events: result.events },
        200,
      );
    });
  }
}
