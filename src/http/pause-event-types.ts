/** The free-tier pause events of a watched Warpweb site (docs/events.md#event-types), for the event catalog. */
import { z } from '@hono/zod-openapi';

interface Entry {
  type: string;
  description: string;
  data: z.ZodType;
  component: string;
  example: Record<string, unknown>;
}

const DESCRIPTIONS = {
  'site.pause_due': 'A free-tier Warpweb site is paused in 24 hours unless refreshed (once per 7-day window).',
  'site.paused': 'A free-tier Warpweb site was paused: visitors see a placeholder until it is refreshed.',
  'site.resumed': 'A paused free-tier Warpweb site is live again.',
} as const;

/** `data` of the pause events: the site's pause state and window besides the usual fields. */
export function pauseEventTypes(eventData: z.ZodObject, base: Record<string, unknown>): Entry[] {
  const schema = eventData
    .extend({
      pause_state: z.enum(['active', 'paused']).nullable(),
      pause_at: z.string().nullable().openapi({ description: 'last_refreshed_at + 7 days (ISO).' }),
      last_refreshed_at: z.string().nullable(),
    })
    .openapi('PauseEventData');
  return (Object.keys(DESCRIPTIONS) as (keyof typeof DESCRIPTIONS)[]).map((type) => ({
    type,
    description: DESCRIPTIONS[type],
    data: schema,
    component: 'PauseEventData',
    example: {
      ...base,
      observed_via: type === 'site.pause_due' ? 'relay' : 'poll',
      provider_event_id: null,
      provider_status: 'complete',
      pause_state: type === 'site.paused' ? 'paused' : 'active',
      pause_at: '2026-05-25T14:24:38.000Z',
      last_refreshed_at: '2026-05-18T14:24:38.000Z',
    },
  }));
}
