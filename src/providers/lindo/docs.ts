/** What people are told about Lindo's webhooks: the ingest route's docs and the serve banner's line. */
import type { Config } from '../../config';
import { queryParam, type IngestDoc } from '../ingest-doc';
import { webhookSchema } from './schemas';

export const lindoIngestDoc: IngestDoc = {
  challenge: 'Bearer realm="ingest"',
  component: 'LindoWebhook',
  body: webhookSchema,
  description:
    'Lindo workspace webhooks `{event, timestamp, data}`. Lindo does not sign: the URL carries LINDO_WEBHOOK_TOKEN ' +
    '(or send it as a bearer token). Deduplicated on a hash of the raw body; a webhook about a watched build is a ' +
    'hint that makes the relay poll it at once.',
  parameters: [queryParam('token', 'LINDO_WEBHOOK_TOKEN (or `Authorization: Bearer <token>`).')],
};

export const lindoWebhookUrl = (base: string, config: Config): string =>
  `${base}/ingest/lindo?token=` +
  (config.lindo.webhookToken ? '<LINDO_WEBHOOK_TOKEN>' : '...  (set LINDO_WEBHOOK_TOKEN to enable)');
