/** What Lindo sends (docs/provider-notes.md#lindo-webhooks): workspace webhooks `{event, timestamp, data}`. */
import { z } from 'zod';
import { isoTime, text } from '../schema-fields';

export const webhookSchema = z.looseObject({
  event: z.string().min(1).max(200),
  timestamp: isoTime.optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});

export const websiteCompletedData = z.looseObject({
  website_id: text,
  business_name: text,
  domain: text,
  preview_url: text,
  parent_workflow_id: text,
  completed_at: isoTime.nullish(),
});

export const pageCompletedData = z.looseObject({
  website_id: text,
  page_id: text,
  page_path: text,
  page_name: text,
  is_blog: z.boolean().nullish(),
  workflow_instance_id: text,
  completed_at: isoTime.nullish(),
});

export type LindoWebhook = z.output<typeof webhookSchema>;
