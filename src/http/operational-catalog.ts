/**
 * The catalog entries of the operational events (docs/events.md#operational-events):
 * the build data fields plus each type's facts (services/operational-events.ts).
 */
import { z } from '@hono/zod-openapi';
import type { OperationalType } from '../core/operational';
import { operationalEvent, type OperationalFacts } from '../services/operational-events';
import type { EventTypeEntry } from './event-catalog';
import { EventDataSchema, nullableString } from './event-data-schema';

const SUBSCRIPTION = { subscription_id: z.string(), url: z.string() };
const PROVIDER = { provider: z.string() };

const FACTS: { [T in OperationalType]: { description: string; schema: z.ZodRawShape; example: OperationalFacts[T] } } =
  {
    'subscription.disabled': {
      description:
        'A subscription was disabled: its receiver answered 410, every delivery failed for 5 days, ' +
        'or its circuit opened (`reason` says which). Never delivered to that subscription.',
      schema: { ...SUBSCRIPTION, reason: z.string() },
      example: { subscription_id: 'sub_01JD0000000000000000000000', url: 'https://example.com/hook', reason: 'gone' },
    },
    'subscription.recovered': {
      description:
        'A subscription delivered again after an alert about it (a delivery went dead, it was disabled, its circuit opened).',
      schema: { ...SUBSCRIPTION, failing_since: nullableString },
      example: {
        subscription_id: 'sub_01JD0000000000000000000000',
        url: 'https://example.com/hook',
        failing_since: '2026-05-17T14:24:38.000Z',
      },
    },
    'delivery.dead': {
      description: 'A delivery exhausted its retry schedule. Never delivered to the subscription it is about.',
      schema: {
        subscription_id: z.string(),
        delivery_id: z.string(),
        event_id: z.string(),
        attempts: z.number(),
        last_error: nullableString,
      },
      example: {
        subscription_id: 'sub_01JD0000000000000000000000',
        delivery_id: 'dlv_01JD0000000000000000000000',
        event_id: 'evt_01JD0000000000000000000000',
        attempts: 8,
        last_error: 'HTTP 503',
      },
    },
    'provider.webhooks_quiet': {
      description:
        'Watches of a provider are active, but none of its webhooks arrived for 10 minutes while polls show changes.',
      schema: { ...PROVIDER, active_watches: z.number(), last_webhook_at: nullableString },
      example: { provider: 'warpweb', active_watches: 3, last_webhook_at: null },
    },
    'provider.credentials_refused': {
      description: 'A provider answered 401/403 to a poll (once per key until a poll succeeds again).',
      schema: { ...PROVIDER, status_code: z.number(), message: z.string() },
      example: { provider: 'warpweb', status_code: 401, message: 'Invalid or revoked API key' },
    },
  };

export const OPERATIONAL_EVENT_TYPES: EventTypeEntry[] = (Object.keys(FACTS) as OperationalType[]).map((type) => {
  const { description, schema, example } = FACTS[type];
  const component = `${type
    .split(/[._]/)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}Data`;
  return {
    type,
    description: `${description} Operational: opt-in by \`types\`.`,
    data: EventDataSchema.extend(schema).openapi(component),
    component,
    example: operationalEvent(type, example as never).data,
  };
});
