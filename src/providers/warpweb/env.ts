/** Warpweb's variables: where its API is, the key polls use, the webhook secrets, the key's limits. */
import { z } from 'zod';
import type { RateLimit } from '../../core/rate-budget';
import { bool, httpUrl, rateLimits, secretList } from '../../env-values';
import { defineEnv } from '../provider-env';

export interface WarpwebSettings {
  apiUrl: string;
  apiKey: string | undefined;
  webhookSecrets: string[];
  legacySignatures: boolean;
  rateLimits: RateLimit[];
}

export const warpwebEnv = defineEnv({
  vars: {
    WARPWEB_API_URL: httpUrl.default('https://api.warpweb.ai'),
    WARPWEB_API_KEY: z.string().regex(/^wwk_/, 'expected a key starting with wwk_').optional(),
    WARPWEB_WEBHOOK_SECRET: secretList.optional(),
    WARPWEB_LEGACY_SIGNATURES: bool.default(false),
    WARPWEB_RATE_LIMIT: rateLimits.default([{ limit: 30, windowMs: 60_000 }]),
  },
  secrets: ['WARPWEB_API_KEY', 'WARPWEB_WEBHOOK_SECRET'],
  settings: (e): WarpwebSettings => ({
    apiUrl: e.WARPWEB_API_URL,
    apiKey: e.WARPWEB_API_KEY,
    webhookSecrets: e.WARPWEB_WEBHOOK_SECRET ?? [],
    legacySignatures: e.WARPWEB_LEGACY_SIGNATURES,
    rateLimits: e.WARPWEB_RATE_LIMIT,
  }),
});
