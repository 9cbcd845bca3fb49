/** Subscriptions and deliveries on the wire (docs/api.md#subscriptions): request schemas, response schemas, mappers. */
import { z } from '@hono/zod-openapi';
import { CONTENT_MODES } from '../core/content-mode';
import { formatSequence } from '../core/sequence';
import { secretKey } from '../core/standard-webhooks';
import type { AttemptReport } from '../services/deliveries/attempt';
import type { AttemptRecord, Delivery } from '../storage/deliveries-store';
import type { Subscription } from '../storage/subscriptions-store';
import { ContentFilterSchema } from './content-filter-schema';
import { SequenceSchema } from './schemas';
import { SETTINGS_INPUT, SETTINGS_OUTPUT, settingsToJson } from './subscription-settings-schemas';

const MAX_LIST = 50;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Runs even when the URL check failed (zod goes on to report every issue): never throws. */
function withoutCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return !u.username && !u.password;
  } catch {
    return true;
  }
}

const Url = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .max(2048)
  // fetch refuses a URL with credentials, so no delivery could ever be made to it.
  .refine(withoutCredentials, 'expected a URL without user:password (verify deliveries by their signature)')
  .openapi({ example: 'https://example.com/webhooks/sitewire' });
const Types = z
  .array(
    z
      .string()
      .max(200)
      .regex(/^(\*|[A-Za-z0-9_.:-]+\*?)$/, 'expected an event type, optionally ending in *'),
  )
  .max(MAX_LIST)
  .openapi({ example: ['site.*', 'form.submitted'] });
const Providers = z
  .array(z.string().min(1).max(50))
  .max(MAX_LIST)
  .openapi({ example: ['warpweb'] });
const Resources = z
  .array(z.string().min(1).max(300))
  .max(MAX_LIST)
  .openapi({ example: ['warpweb/site/8f3c2a1b'] });
const Description = z.string().max(500).nullable();
const ContentMode = z.enum(CONTENT_MODES).openapi({
  description:
    '`json` (default): the event as `application/json`. `structured`: the same event JSON as' +
    ' `application/cloudevents+json` (CloudEvents HTTP structured mode).',
});

export const CreateSubscription = z.strictObject({
  url: Url,
  types: Types.optional(),
  providers: Providers.optional(),
  resources: Resources.optional(),
  description: Description.optional(),
  secret: z
    .string()
    .refine((s) => secretKey(s) !== null, 'expected whsec_ followed by base64 of 24-64 bytes')
    .optional()
    .openapi({ description: 'Generated when absent.' }),
  content_mode: ContentMode.optional(),
  filter: ContentFilterSchema.nullable().optional(),
  ...SETTINGS_INPUT,
});

export const PatchSubscription = z.strictObject({
  url: Url.optional(),
  types: Types.optional(),
  providers: Providers.optional(),
  resources: Resources.optional(),
  description: Description.optional(),
  enabled: z.boolean().optional(),
  content_mode: ContentMode.optional(),
  filter: ContentFilterSchema.nullable().optional(),
  ...SETTINGS_INPUT,
});

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    types: z.array(z.string()),
    providers: z.array(z.string()),
    resources: z.array(z.string()),
    description: z.string().nullable(),
    secret: z.string().openapi({ description: 'whsec_ + base64: verify deliveries with it.' }),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .openapi({ description: 'Until then the previous secret signs too.' }),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    content_mode: ContentMode,
    filter: ContentFilterSchema.nullable(),
    ...SETTINGS_OUTPUT,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Subscription');

export const AttemptSchema = z
  .object({
    attempt: z.number(),
    at: z.string(),
    status_code: z.number().nullable(),
    duration_ms: z.number(),
    error: z.string().nullable(),
    response_excerpt: z.string().nullable().openapi({ description: 'The first KiB of the answer.' }),
  })
  .openapi('DeliveryAttempt');

export const DeliveryStatusSchema = z.enum(['pending', 'failed', 'succeeded', 'dead']);

export const DeliverySchema = z
  .object({
    id: z.string(),
    subscription_id: z.string(),
    event_id: z.string(),
    event_sequence: SequenceSchema,
    event_type: z.string(),
    subject: z.string(),
    status: DeliveryStatusSchema,
    attempt_count: z.number(),
    next_attempt_at: z.string().nullable(),
    last_error: z.string().nullable(),
    attempts: z.array(AttemptSchema),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Delivery');

export const TestResultSchema = z
  .object({ event_id: z.string(), delivered: z.boolean(), attempt: AttemptSchema })
  .openapi('SubscriptionTestResult');

export const toSubscriptionJson = (s: Subscription) => ({
  id: s.id,
  url: s.url,
  types: s.types,
  providers: s.providers,
  resources: s.resources,
  description: s.description,
  secret: s.secret,
  previous_secret_expires_at: s.previousSecret ? iso(s.previousSecretUntil) : null,
  enabled: s.enabled,
  disabled_reason: s.disabledReason,
  content_mode: s.contentMode,
  filter: s.filter ?? null,
  ...settingsToJson(s.settings),
  circuit_open_until: s.settings.circuit ? iso(s.circuitState.openUntil) : null,
  consecutive_failures: s.circuitState.consecutiveFailures,
  created_at: iso(s.createdAt)!,
  updated_at: iso(s.updatedAt)!,
});

const toAttemptJson = (a: AttemptRecord) => ({ ...a, at: iso(a.at)! });

export const toDeliveryJson = (d: Delivery) => ({
  id: d.id,
  subscription_id: d.subscriptionId,
  event_id: d.eventId,
  event_sequence: formatSequence(d.eventSeq),
  event_type: d.eventType,
  subject: d.subject,
  status: d.status,
  attempt_count: d.attemptCount,
  next_attempt_at: d.status === 'pending' || d.status === 'failed' ? iso(d.nextAttemptAt) : null,
  last_error: d.lastError,
  attempts: d.attempts.map(toAttemptJson),
  created_at: iso(d.createdAt)!,
  updated_at: iso(d.updatedAt)!,
});

export const toTestResultJson = (eventId: string, at: number, r: AttemptReport) => ({
  event_id: eventId,
  delivered: r.result.kind === 'response' && r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300,
  attempt: toAttemptJson({
    attempt: 1,
    at,
    status_code: r.statusCode,
    duration_ms: r.durationMs,
    error: r.error,
    response_excerpt: r.responseExcerpt,
  }),
});
