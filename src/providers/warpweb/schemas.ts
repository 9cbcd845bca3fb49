/**
 * What Warpweb sends (docs/provider-notes.md#warpweb-webhooks): the lifecycle envelope, the older flat
 * bodies, and the payloads of the types the relay understands. Unknown
 * fields are kept (looseObject), wrongly typed known fields are refused.
 */
import { z } from 'zod';
import { isoTime, text } from '../schema-fields';

const num = z.number().nullish();

export const usageSchema = z.looseObject({
  credits_charged: num,
  tokens_in: num,
  tokens_out: num,
  cost_usd: num,
});

export const warningSchema = z.looseObject({
  rule: z.string(),
  severity: text,
  page: text,
  viewport: text,
  description: text,
  fix_via_revision: z.looseObject({ endpoint: text, suggested_prompt: text }).nullish(),
});

export const envelopeSchema = z.looseObject({
  event_id: z.string().min(1).max(200),
  type: z.string().min(1).max(200),
  site_id: z.string().min(1).max(200).optional(),
  occurred_at: isoTime.optional(),
  payload: z.record(z.string(), z.unknown()).nullish(),
});

export const legacySchema = z.looseObject({
  event_id: z.string().min(1).max(200),
  event_type: z.string().min(1).max(200),
  site_id: z.string().min(1).max(200).optional(),
  deployed_url: text,
  revision_id: text,
  occurred_at: isoTime.optional(),
  submitted_at: isoTime.optional(),
  name: text,
  email: text,
  phone: text,
  message: text,
  raw_fields: z.unknown().optional(),
  reason: text,
  reason_detail: text,
  error: text,
});

export const completePayload = z.looseObject({
  usage: usageSchema.nullish(),
  warnings: z.array(warningSchema).nullish(),
  deployment_url: text,
  status: text,
});
export const failedPayload = z.looseObject({ last_error: text, error: text, reason: text, reason_detail: text });
export const revisionPayload = z.looseObject({
  revision_id: text,
  revisionId: text,
  usage: usageSchema.nullish(),
  reason: text,
  reason_detail: text,
  question: text,
  deployment_url: text,
});
export const formPayload = z.looseObject({
  name: text,
  email: text,
  phone: text,
  message: text,
  fields: z.unknown().optional(),
  raw_fields: z.unknown().optional(),
  submitted_at: isoTime.optional(),
});

export type Envelope = z.output<typeof envelopeSchema>;
export type LegacyBody = z.output<typeof legacySchema>;
export type WarpwebWarning = z.output<typeof warningSchema>;
export type WarpwebUsage = z.output<typeof usageSchema>;
