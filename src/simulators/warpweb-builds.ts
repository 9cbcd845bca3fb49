/**
 * A simulated Warpweb build over time (docs/provider-notes.md#warpweb): generating through its
 * phases, then complete, complete_with_warnings or failed; what GET
 * /v1/sites/:id answers at any moment, and which webhooks it sends when.
 */
import {
  applyPause,
  applyRevisions,
  revisionWebhook,
  type RevisionOutcome,
  type SimRevision,
} from './warpweb-revisions';

export type SiteOutcome = 'complete' | 'complete_with_warnings' | 'failed';

export interface SiteScript {
  id?: string;
  businessName?: string;
  /** From start to the terminal status. */
  durationMs: number;
  outcome?: SiteOutcome;
  startAt?: number;
  /** Webhooks that get lost: true = all of them, or a list of types. */
  drop?: boolean | string[];
  /** When the live site was last refreshed (default: when it went live); older than 7 days = paused. */
  refreshedAt?: number;
  tier?: 'free_subdomain' | 'paid_custom_domain';
  /** How its revisions end, and how long they work (default complete, 5 s). */
  revisionOutcome?: RevisionOutcome;
  revisionMs?: number;
}

export interface SimSite {
  id: string;
  slug: string;
  businessName: string;
  durationMs: number;
  outcome: SiteOutcome;
  startAt: number;
  drop: boolean | string[];
  /** The rest default to: refreshed when it went live, free tier, no revisions (which complete in 5 s). */
  refreshedAt?: number | null;
  tier?: 'free_subdomain' | 'paid_custom_domain';
  revisionOutcome?: RevisionOutcome;
  revisionMs?: number;
  revisions?: SimRevision[];
}

const PHASES: [phase: string, at: number, message: string][] = [
  ['researching', 0, 'Researching the business'],
  ['research_review', 0.2, 'Research ready for review'],
  ['generating', 0.3, 'Writing 5 pages'],
  ['reviewing', 0.7, 'Checking every page on desktop and mobile'],
  ['deploying', 0.85, 'Publishing the site'],
];

export const FAILURE_TEXT = 'Could not find the business on Google Maps';

export function siteWarnings(id: string) {
  return [
    {
      rule: 'hero-is-wedge-not-list',
      severity: 'error',
      page: 'index.html',
      viewport: 'desktop',
      description: 'Hero shows 6 service tiles where the brief asked for a list',
      fix_via_revision: {
        endpoint: `/v1/sites/${id}/revisions`,
        suggested_prompt: 'Hero must present the services as a short list, not tiles',
      },
    },
  ];
}

const usage = (done: boolean) => ({
  credits_charged: done ? 1 : null,
  tokens_in: 1200,
  tokens_out: done ? 5400 : 800,
  cost_usd: done ? 0.42 : 0.05,
});
const iso = (ms: number) => new Date(ms).toISOString();
export const deploymentUrl = (s: SimSite) => `https://${s.slug}.warpweb.app`;

/** The phase in force at `now`, or the terminal outcome; null before the site exists. */
export function siteStage(
  s: SimSite,
  now: number,
): { status: string; phase: string | null; message: string | null; since: number } | null {
  if (now < s.startAt) return null;
  const f = (now - s.startAt) / s.durationMs;
  if (f >= 1) return { status: s.outcome, phase: null, message: null, since: s.startAt + s.durationMs };
  const [phase, at, message] = PHASES.filter(([, at]) => at <= f).at(-1)!;
  return { status: 'generating', phase, message, since: s.startAt + Math.round(at * s.durationMs) };
}

export function siteBody(s: SimSite, now: number): Record<string, unknown> | null {
  const stage = siteStage(s, now);
  if (!stage) return null;
  const done = stage.status !== 'generating';
  const body: Record<string, unknown> = {
    id: s.id,
    slug: s.slug,
    business_name: s.businessName,
    status: stage.status,
    hosting_tier: s.tier ?? 'free_subdomain',
    usage: usage(done),
    input: { businessName: s.businessName, location: 'Springfield', received_at: iso(s.startAt) },
    form_webhook_url: null,
    created_at: iso(s.startAt),
    updated_at: iso(stage.since),
    build_node: 'sim-1', // undocumented extra field: clients must ignore it
  };
  if (!done) Object.assign(body, { generation_phase: stage.phase, generation_message: stage.message });
  if (stage.status === 'complete' || stage.status === 'complete_with_warnings') {
    Object.assign(body, {
      deployment_url: deploymentUrl(s),
      last_refreshed_at: iso(stage.since),
      pause_state: 'active',
    });
  }
  if (stage.status === 'complete_with_warnings') body.warnings = siteWarnings(s.id);
  if (stage.status === 'failed') body.last_error = FAILURE_TEXT;
  applyRevisions(body, s.revisions ?? [], now);
  applyPause(body, s.refreshedAt ?? stage.since, now);
  return body;
}

/** The lifecycle webhooks of a build: research_ready, then complete or failed. */
export function siteWebhooks(s: SimSite): { type: string; at: number; payload: Record<string, unknown> }[] {
  const end = s.startAt + s.durationMs;
  const last =
    s.outcome === 'failed'
      ? {
          type: 'site.failed',
          at: end,
          payload: { reason: 'research_failed', reason_detail: FAILURE_TEXT, last_error: FAILURE_TEXT },
        }
      : {
          type: 'site.complete',
          at: end,
          payload: {
            status: s.outcome,
            deployment_url: deploymentUrl(s),
            usage: usage(true),
            ...(s.outcome === 'complete_with_warnings' ? { warnings: siteWarnings(s.id) } : {}),
          },
        };
  const revisions = (s.revisions ?? []).map(revisionWebhook).sort((a, b) => a.at - b.at);
  return [
    {
      type: 'site.research_ready',
      at: s.startAt + Math.round(0.2 * s.durationMs),
      payload: { message: 'Research ready for review' },
    },
    last,
    ...revisions,
  ];
}

export const isDropped = (s: SimSite, type: string) =>
  s.drop === true || (Array.isArray(s.drop) && s.drop.includes(type));
