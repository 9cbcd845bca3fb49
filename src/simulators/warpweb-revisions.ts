/**
 * Simulated Warpweb revisions and free-tier refresh (docs/provider-notes.md#warpweb-site-actions):
 * a revision waits a second in the queue, works (the site shows generating), then ends: the site
 * is complete again (its warnings fixed) or failed, its updated_at moved, and the revision webhook
 * is due; a clarification changes nothing on the site and only sends its webhook. A free-tier site
 * is paused 7 days after its last refresh.
 */
export type RevisionOutcome = 'complete' | 'failed' | 'clarification';

export interface SimRevision {
  id: string;
  siteId: string;
  prompt: string;
  requestedAt: number;
  /** When the site starts working on it, and when it ends. */
  startAt: number;
  endAt: number;
  outcome: RevisionOutcome;
}

export const REVISION_QUEUE_MS = 1000;
export const PAUSE_AFTER_MS = 7 * 86_400_000;
export const REVISION_QUESTION = 'Which services should the hero list first?';
export const REVISION_FAILURE = 'The revision could not be applied to the hero section';

const iso = (ms: number) => new Date(ms).toISOString();

/** The site body as the revisions made it by `now` (the latest revision that has started wins). */
export function applyRevisions(body: Record<string, unknown>, revisions: readonly SimRevision[], now: number): void {
  const started = revisions.filter((r) => r.startAt <= now && r.outcome !== 'clarification').at(-1);
  if (!started) return;
  delete body.warnings;
  if (now < started.endAt) {
    Object.assign(body, {
      status: 'generating',
      generation_phase: 'revising',
      generation_message: 'Applying the revision',
      updated_at: iso(started.startAt),
    });
    return;
  }
  Object.assign(body, { updated_at: iso(started.endAt) });
  if (started.outcome === 'failed') Object.assign(body, { status: 'failed', last_error: REVISION_FAILURE });
  else body.status = 'complete';
}

/** Free tier: paused once 7 days have passed since the last refresh. */
export function applyPause(body: Record<string, unknown>, lastRefreshedAt: number, now: number): void {
  if (body.hosting_tier !== 'free_subdomain' || !('deployment_url' in body)) return;
  body.last_refreshed_at = iso(lastRefreshedAt);
  body.pause_state = now - lastRefreshedAt >= PAUSE_AFTER_MS ? 'paused' : 'active';
}

export function revisionWebhook(r: SimRevision): { type: string; at: number; payload: Record<string, unknown> } {
  const usage = { credits_charged: 1, tokens_in: 300, tokens_out: 900, cost_usd: 0.08 };
  switch (r.outcome) {
    case 'complete':
      return { type: 'site.revision_complete', at: r.endAt, payload: { revision_id: r.id, usage } };
    case 'failed':
      return {
        type: 'site.revision_failed',
        at: r.endAt,
        payload: { revision_id: r.id, reason: 'revision_failed', reason_detail: REVISION_FAILURE },
      };
    case 'clarification':
      return {
        type: 'site.revision_clarification_needed',
        at: r.endAt,
        payload: { revision_id: r.id, question: REVISION_QUESTION },
      };
  }
}
