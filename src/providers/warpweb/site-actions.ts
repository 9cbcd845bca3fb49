/**
 * Warpweb's site actions (docs/provider-notes.md#warpweb-site-actions): `POST /v1/sites/:id/revisions`
 * `{prompt}` and `POST /v1/sites/:id/refresh`, and how their answers read. Pure: the relay's
 * services make the calls within the key's budget.
 */
import { providerRequest } from '../api-request';
import { z } from 'zod';
import type { Config } from '../../config';
import { text } from '../schema-fields';

export type SiteAction = 'revisions' | 'refresh';

export function siteActionRequest(
  config: Config,
  apiKey: string,
  siteId: string,
  action: SiteAction,
  body: Record<string, unknown> = {},
): Request {
  return providerRequest(`${config.warpweb.apiUrl}/v1/sites/${encodeURIComponent(siteId)}/${action}`, apiKey, body);
}

/** `{revisionId, status: "pending", queue_position, queue_total}`; unknown fields are kept. */
export const revisionAnswerSchema = z.looseObject({
  revisionId: z.string().min(1).max(200),
  status: text,
  queue_position: z.number().nullish(),
  queue_total: z.number().nullish(),
});

export type RevisionAnswer = z.output<typeof revisionAnswerSchema>;

/** A 429 that says the revision queue is full (not the key's rate limit): `queue_full` in error, reason or code. */
export function isQueueFull(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  const nested = typeof b.error === 'object' && b.error !== null ? (b.error as Record<string, unknown>).code : null;
  return [b.error, b.reason, b.code, nested].some((v) => v === 'queue_full');
}

/** The fix prompts of a build's warnings, joined into one revision prompt; null when there are none. */
export function joinFixPrompts(warnings: readonly { fix_prompt: string | null }[] | null | undefined): string | null {
  const prompts = (warnings ?? []).map((w) => w.fix_prompt?.trim()).filter((p): p is string => !!p);
  return prompts.length ? [...new Set(prompts)].join('\n\n') : null;
}

export const queueMessage = (a: RevisionAnswer): string | null =>
  a.queue_position == null ? null : `Queue position ${a.queue_position} of ${a.queue_total ?? a.queue_position}`;
