/** The Warpweb adapter: signed lifecycle and form webhooks, both body generations. */
import { notConfigured } from '../../core/errors';
import { isObject, parseJson, validate } from '../parse-json';
import type { ProviderAdapter } from '../types';
import { warpwebStatus } from './client';
import { warpwebIngestDoc, warpwebWebhookUrl } from './docs';
import { warpwebEnv, type WarpwebSettings } from './env';
import { normalizeEnvelope, normalizeLegacy, PROVIDER } from './normalize';
import { envelopeSchema, legacySchema } from './schemas';
import { verifyWarpwebSignature } from './verify';

export const warpweb: ProviderAdapter<typeof PROVIDER, WarpwebSettings> = {
  name: PROVIDER,
  title: 'Warpweb',
  env: warpwebEnv,
  ingestDoc: warpwebIngestDoc,
  webhookUrl: warpwebWebhookUrl,
  kinds: ['site'],
  status: warpwebStatus,

  async verifyWebhook(req, { config, now, hmac }) {
    const { webhookSecrets, legacySignatures } = config.warpweb;
    if (webhookSecrets.length === 0) throw notConfigured('WARPWEB_WEBHOOK_SECRET is not set.');
    await verifyWarpwebSignature({
      body: req.body,
      signature: req.headers.get('x-warpweb-signature'),
      timestamp: req.headers.get('x-warpweb-timestamp'),
      secrets: webhookSecrets,
      legacy: legacySignatures,
      now,
      hmac,
    });
  },

  async parseWebhook(req) {
    const value = parseJson(req.body);
    // The envelope names its type `type`; the older flat bodies `event_type`.
    if (isObject(value) && 'type' in value) {
      const body = validate(value, envelopeSchema);
      return { dedupKey: `${PROVIDER}:${body.event_id}`, signals: normalizeEnvelope(body) };
    }
    const body = validate(value, legacySchema);
    return { dedupKey: `${PROVIDER}:${body.event_id}`, signals: normalizeLegacy(body) };
  },
};
