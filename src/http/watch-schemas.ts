/** Watch and resource schemas (docs/api.md#watches, docs/api.md#resources) and the JSON view of a stored watch. */
import { z } from '@hono/zod-openapi';
import { MAX_WATCH_DEADLINE_S } from '../config';
import { KINDS } from '../core/status';
import { WATCH_STATES, type Watch } from '../storage/watches-store';
import { SequenceSchema } from './schemas';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const MAX_METADATA_CHARS = 8192;

export const ResourceIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'expected a provider id (letters, digits, . _ : -)');

// Strict, like subscriptions and stream tokens: a misspelt `kind` or `deadline_s` must not silently become a default.
export const CreateWatchSchema = z
  .strictObject({
    provider: z.string().min(1).max(50).openapi({ example: 'warpweb' }),
    id: ResourceIdSchema.openapi({ example: '8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f' }),
    kind: z.enum(KINDS).default('site'),
    deadline_s: z.number().int().min(1).max(MAX_WATCH_DEADLINE_S).optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .refine(
        (m) => JSON.stringify(m).length <= MAX_METADATA_CHARS,
        `metadata must serialize to at most ${MAX_METADATA_CHARS} characters`,
      )
      .optional(),
  })
  .openapi('CreateWatch');

const ProgressSchema = z.object({ total: z.number(), complete: z.number(), running: z.number(), errored: z.number() });

export const WatchSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    kind: z.enum(KINDS),
    resource_id: z.string(),
    subject: z.string(),
    state: z.enum(WATCH_STATES),
    status: z.string().nullable(),
    phase: z.string().nullable(),
    message: z.string().nullable(),
    progress: ProgressSchema.nullable(),
    url: z.string().nullable(),
    polls: z.number(),
    webhook_seen: z.boolean(),
    origin: z.enum(['api', 'webhook']),
    last_polled_at: z.string().nullable(),
    next_poll_at: z.string().nullable(),
    deadline_at: z.string(),
    last_error: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    pause_state: z.enum(['active', 'paused']).nullable().optional().openapi({
      description: 'A finished free-tier Warpweb site: its pause state as last checked (docs/api.md#free-tier-pause).',
    }),
    pause_at: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'When the free-tier site is paused unless refreshed (last_refreshed_at + 7 days).' }),
  })
  .openapi('Watch');

export type WatchJson = z.infer<typeof WatchSchema>;

/** A free-tier site's pause state, shown on its watch when the relay checks it. */
export interface PauseView {
  pauseState: string | null;
  pauseAt: number | null;
}

export function watchJson(w: Watch, pause?: PauseView | null): WatchJson {
  const paused = pause?.pauseState === 'active' || pause?.pauseState === 'paused' ? pause.pauseState : null;
  return {
    id: w.id,
    provider: w.provider,
    kind: w.kind,
    resource_id: w.resourceId,
    subject: w.subject,
    state: w.state,
    status: w.status,
    phase: w.phase,
    message: w.message,
    progress: w.progress,
    url: w.url,
    polls: w.polls,
    webhook_seen: w.webhookSeen,
    origin: w.origin,
    last_polled_at: iso(w.lastPolledAt),
    next_poll_at: iso(w.nextPollAt),
    deadline_at: iso(w.deadlineAt)!,
    last_error: w.lastError,
    metadata: w.metadata,
    created_at: iso(w.createdAt)!,
    updated_at: iso(w.updatedAt)!,
    ...(pause ? { pause_state: paused, pause_at: iso(pause.pauseAt) } : {}),
  };
}

export const ResourceParams = z.object({
  provider: z.string().max(50),
  kind: z.string().max(50),
  id: ResourceIdSchema,
});

export const ResourceSchema = z
  .object({
    subject: z.string(),
    provider: z.string(),
    kind: z.string(),
    resource_id: z.string(),
    status: z.string().nullable(),
    terminal: z.boolean(),
    last_sequence: SequenceSchema.nullable(),
    last_event_id: z.string().nullable(),
    updated_at: z.string().nullable(),
    data: z.looseObject({}).nullable(),
    watch: WatchSchema.nullable(),
  })
  .openapi('Resource');
