/** Lindo's variables: where its API is, the key polls use, the webhook URL's token, the key's limits. */
import { z } from 'zod';
import type { RateLimit } from '../../core/rate-budget';
import { httpUrl, rateLimits } from '../../env-values';
import { defineEnv } from '../provider-env';

export interface LindoSettings {
  apiUrl: string;
  apiKey: string | undefined;
  webhookToken: string | undefined;
  rateLimits: RateLimit[];
}

export const lindoEnv = defineEnv({
  vars: {
    LINDO_API_URL: httpUrl.default('https://api.lindo.ai'),
    LINDO_API_KEY: z
      .string()
      .regex(/^lindo_sk_/, 'expected a key starting with lindo_sk_')
      .optional(),
    LINDO_WEBHOOK_TOKEN: z.string().min(8, 'expected at least 8 characters').optional(),
    LINDO_RATE_LIMIT: rateLimits.default([
      { limit: 100, windowMs: 60_000 },
      { limit: 1000, windowMs: 3_600_000 },
    ]),
  },
  secrets: ['LINDO_API_KEY', 'LINDO_WEBHOOK_TOKEN'],
  settings: (e): LindoSettings => ({
    apiUrl: e.LINDO_API_URL,
    apiKey: e.LINDO_API_KEY,
    webhookToken: e.LINDO_WEBHOOK_TOKEN,
    rateLimits: e.LINDO_RATE_LIMIT,
  }),
});
