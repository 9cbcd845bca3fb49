/**
 * The event catalog (docs/events.md#event-types): each type the relay emits, the schema of its
 * `data` and an example. Served by GET /v1/event-types and documented as one
 * OpenAPI webhook per type.
 */
import { z } from '@hono/zod-openapi';
import { emptyData } from '../core/event';
import { KINDS } from '../core/status';
import { EventDataSchema, nullableString } from './event-data-schema';
import { OPERATIONAL_EVENT_TYPES } from './operational-catalog';
import { pauseEventTypes } from './pause-event-types';

const FormDataSchema = EventDataSchema.extend({
  form: z.object({
    name: nullableString,
    email: nullableString,
    phone: nullableString,
    message: nullableString,
    fields: z.record(z.string(), z.unknown()).nullable(),
  }),
}).openapi('FormEventData');

const WatchEventDataSchema = EventDataSchema.extend({ watch_id: z.string() }).openapi('WatchEventData');

export interface EventTypeEntry {
  type: string;
  description: string;
  data: z.ZodType;
  /** The schema's component name, for the webhook's request body. */
  component: string;
  example: Record<string, unknown>;
}

const SITE_ID = '8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f';
const base = {
  ...emptyData('warpweb', 'webhook'),
  kind: 'site',
  resource_id: SITE_ID,
  site_id: SITE_ID,
  provider_event_id: '00000000-0000-0000-0000-000000000001',
};

const TRANSITIONS = [
  ['queued', 'First observation of a queued build.', 'queued'],
  ['progress', 'Running, and the phase, message or progress changed.', 'running'],
  ['complete', 'The build is live (status complete or complete_with_warnings).', 'complete'],
  ['failed', 'The build failed, or the resource is gone (error code not_found).', 'failed'],
] as const;

export const EVENT_TYPES: EventTypeEntry[] = [
  ...KINDS.flatMap((kind) =>
    TRANSITIONS.map(([name, description, status]) => ({
      type: `${kind}.${name}`,
      description,
      data: EventDataSchema,
      component: 'EventData',
      example: {
        ...base,
        kind,
        status,
        provider_status: status,
        ...(status === 'failed' && { error: { code: 'build_failed', message: 'The build failed.' } }),
      },
    })),
  ),
  {
    type: 'revision.clarification_needed',
    description: 'Warpweb needs an answer before it can apply a revision; `data.message` is the question.',
    data: EventDataSchema,
    component: 'EventData',
    example: { ...base, kind: 'revision', status: 'running', message: 'Which page should change?' },
  },
  ...pauseEventTypes(EventDataSchema, base),
  {
    type: 'form.submitted',
    description: 'A visitor submitted a form on a Warpweb site.',
    data: FormDataSchema,
    component: 'FormEventData',
    example: { ...base, form: { name: 'Ada', email: 'ada@example.com', phone: null, message: 'Hello', fields: null } },
  },
  ...(['watch.expired', 'watch.error'] as const).map((type) => ({
    type,
    description:
      type === 'watch.expired'
        ? 'The relay gave up on a watch at its deadline.'
        : 'The provider refused the credentials for a watch.',
    data: WatchEventDataSchema,
    component: 'WatchEventData',
    example: {
      ...base,
      observed_via: 'relay',
      provider_event_id: null,
      watch_id: 'wat_01JD0000000000000000000000',
      error:
        type === 'watch.expired'
          ? { code: 'deadline', message: 'No terminal state before the deadline.' }
          : { code: 'credentials_refused', message: '401' },
    },
  })),
  {
    type: 'sitewire.test',
    description: 'A subscription test (POST /v1/subscriptions/{id}/test); never stored.',
    data: EventDataSchema,
    component: 'EventData',
    example: {
      ...base,
      provider: 'sitewire',
      kind: null,
      resource_id: null,
      site_id: null,
      observed_via: 'relay',
      provider_event_id: null,
      message: 'A test delivery from sitewire.',
    },
  },
  ...OPERATIONAL_EVENT_TYPES,
  ...(['warpweb', 'lindo'] as const).map((provider) => ({
    type: `${provider}.*`,
    description:
      `Any other ${provider} event, passed through as \`${provider}.<original type>\`` +
      ' with the original payload in `data.raw`.',
    data: EventDataSchema,
    component: 'EventData',
    example: { ...base, provider, kind: null, resource_id: null, site_id: null, raw: { event: 'client.created' } },
  })),
];

export const EventTypeSchema = z
  .object({
    type: z
      .string()
      .openapi({ description: 'The type; `<provider>.*` stands for every pass-through type of that provider.' }),
    description: z.string(),
    data_schema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema (2020-12) of `data`.' }),
    example: z.record(z.string(), z.unknown()).openapi({ description: 'An example `data`.' }),
  })
  .openapi('EventType');
