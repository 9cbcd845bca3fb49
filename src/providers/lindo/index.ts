/** The Lindo adapter: token-authenticated workspace webhooks, deduplicated by body hash. */
import { sha256Hex } from '../../core/crypto';
import { notConfigured } from '../../core/errors';
import { parseJson, validate } from '../parse-json';
import type { ProviderAdapter } from '../types';
import { lindoBatch } from './batch';
import { lindoStatus } from './client';
import { lindoIngestDoc, lindoWebhookUrl } from './docs';
import { lindoEnv, type LindoSettings } from './env';
import { normalizeWebhook, PROVIDER } from './normalize';
import { webhookSchema } from './schemas';
import { verifyLindoToken } from './verify';

export const lindo: ProviderAdapter<typeof PROVIDER, LindoSettings> = {
  name: PROVIDER,
  title: 'Lindo',
  env: lindoEnv,
  ingestDoc: lindoIngestDoc,
  webhookUrl: lindoWebhookUrl,
  kinds: ['site', 'revision', 'page', 'blog'],
  status: { ...lindoStatus, batch: lindoBatch },

  async verifyWebhook(req, { config }) {
    const token = config.lindo.webhookToken;
    if (!token) throw notConfigured('LINDO_WEBHOOK_TOKEN is not set.');
    verifyLindoToken(token, req.query, req.headers);
  },

  async parseWebhook(req) {
    const body = validate(parseJson(req.body), webhookSchema);
    // Lindo sends no event id: the same bytes again are the same delivery.
    return { dedupKey: `${PROVIDER}:${await sha256Hex(req.body)}`, signals: normalizeWebhook(body) };
  },
};
