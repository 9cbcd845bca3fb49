/**
 * What each provider's ingest route documents: its body (the provider's own
 * zod schemas, shown but not enforced here: the signature is checked over
 * the raw bytes first, then the adapter parses) and its credentials.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { webhookSchema as lindoWebhook } from '../../providers/lindo/schemas';
import { envelopeSchema, legacySchema } from '../../providers/warpweb/schemas';
import type { AppEnv } from '../env';

interface ParameterDoc {
  name: string;
  in: 'header' | 'query';
  required: boolean;
  description: string;
  schema: { type: 'string' };
  [extension: `x-${string}`]: unknown;
}

export interface IngestDoc {
  description: string;
  component: string;
  parameters: ParameterDoc[];
}

const header = (name: string, description: string, required = true): ParameterDoc =>
  ({ name, in: 'header', required, description, schema: { type: 'string' } });

export const INGEST_DOCS: Record<string, IngestDoc> = {
  warpweb: {
    component: 'WarpwebWebhook',
    description:
      'Warpweb lifecycle and form webhooks, both body generations (the `{event_id, type, site_id, occurred_at, payload}` envelope and the legacy flat body with `event_type`). Signed with WARPWEB_WEBHOOK_SECRET; deduplicated on `event_id`; unknown types are passed through as `warpweb.<type>`.',
    parameters: [
      header('X-Warpweb-Signature', '`sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`; a wrong or missing one is 401 invalid_signature.'),
      header('X-Warpweb-Timestamp', 'Unix seconds; more than 300 s from now is refused (legacy raw-body signatures carry none).', false),
      header('X-Warpweb-Event-Type', 'The event type (informational).', false),
    ],
  },
  lindo: {
    component: 'LindoWebhook',
    description:
      'Lindo workspace webhooks `{event, timestamp, data}`. Lindo does not sign: the URL carries LINDO_WEBHOOK_TOKEN (or send it as a bearer token). Deduplicated on a hash of the raw body; a webhook about a watched build is a hint that makes the relay poll it at once.',
    parameters: [
      { name: 'token', in: 'query', required: false, description: 'LINDO_WEBHOOK_TOKEN (or `Authorization: Bearer <token>`).', schema: { type: 'string' } },
    ],
  },
};

/** Registers each documented provider body under components/schemas. */
export function registerIngestSchemas(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.register('WarpwebWebhook', z.union([envelopeSchema, legacySchema]));
  app.openAPIRegistry.register('LindoWebhook', lindoWebhook);
}
