/** Warpweb's `GET /v1/sites/:id` answer (docs/provider-notes.md). Undocumented extra fields are kept, never refused. */
import { z } from 'zod';
import { text } from '../schema-fields';
import { usageSchema, warningSchema } from './schemas';

export const siteStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  slug: text,
  business_name: text,
  generation_phase: text,
  generation_message: text,
  deployment_url: text,
  warnings: z.array(warningSchema).nullish(),
  last_error: text,
  usage: usageSchema.nullish(),
  created_at: text,
  updated_at: text,
  // Free tier (docs/api.md#free-tier-pause): paused 7 days after last_refreshed_at unless refreshed.
  hosting_tier: text,
  last_refreshed_at: text,
  pause_state: text,
});

export type SiteStatus = z.output<typeof siteStatusSchema>;
