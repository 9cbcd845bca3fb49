/** The schema of an event's `data` (docs/events.md#the-event): the fields every event carries. */
import { z } from '@hono/zod-openapi';
import { STATUSES } from '../core/status';

export const nullableString = z.string().nullable();

export const EventDataSchema = z
  .looseObject({
    provider: z.string(),
    kind: nullableString,
    resource_id: nullableString,
    site_id: nullableString,
    status: z.enum(STATUSES).nullable(),
    provider_status: nullableString,
    phase: nullableString,
    message: nullableString,
    url: nullableString,
    progress: z
      .object({ total: z.number(), complete: z.number(), running: z.number(), errored: z.number() })
      .nullable(),
    pages: z
      .array(
        z.object({
          slug: nullableString,
          path: nullableString,
          status: nullableString,
          page_id: nullableString,
          error: nullableString,
        }),
      )
      .nullable(),
    warnings: z
      .array(
        z.object({
          code: z.string(),
          severity: nullableString,
          page: nullableString,
          viewport: nullableString,
          message: nullableString,
          fix_prompt: nullableString,
        }),
      )
      .nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    usage: z
      .object({
        credits_charged: z.number().nullable(),
        tokens_in: z.number().nullable(),
        tokens_out: z.number().nullable(),
        cost_usd: z.number().nullable(),
      })
      .nullable(),
    observed_via: z.enum(['webhook', 'poll', 'relay']),
    provider_event_id: nullableString,
    raw: z.unknown().openapi({ description: "The provider's own payload (null when the relay produced the event)." }),
    metadata: z
      .record(z.string(), z.unknown())
      .nullable()
      .optional()
      .openapi({ description: 'The `metadata` of the watch following this resource; null when unwatched.' }),
  })
  .openapi('EventData');
