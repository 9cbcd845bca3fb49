/** What people are told about Warpweb's webhooks: the ingest route's docs and the serve banner's line. */
import { z } from 'zod';
import type { Config } from '../../config';
import { header, type IngestDoc } from '../ingest-doc';
import { envelopeSchema, legacySchema } from './schemas';

export const warpwebIngestDoc: IngestDoc = {
  challenge: 'warpweb-signature realm="ingest"',
  component: 'WarpwebWebhook',
  body: z.union([envelopeSchema, legacySchema]),
  description:
    'Warpweb lifecycle and form webhooks, both body generations (the `{event_id, type, site_id, occurred_at, ' +
    'payload}` envelope and the legacy flat body with `event_type`). Signed with WARPWEB_WEBHOOK_SECRET; ' +
    'deduplicated on `event_id`; unknown types are passed through as `warpweb.<type>`.',
  parameters: [
    header(
      'X-Warpweb-Signature',
      '`sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`; a wrong or missing one is 401 invalid_signature.',
    ),
    header(
      'X-Warpweb-Timestamp',
      'Unix seconds; more than 300 s from now is refused (legacy raw-body signatures carry none).',
      false,
    ),
    header('X-Warpweb-Event-Type', 'The event type (informational).', false),
  ],
};

export const warpwebWebhookUrl = (base: string, config: Config): string =>
  `${base}/ingest/warpweb${config.warpweb.webhookSecrets.length ? '' : '  (set WARPWEB_WEBHOOK_SECRET to enable)'}`;
