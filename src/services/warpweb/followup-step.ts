/**
 * The per-event pipeline's Warpweb step: a watched Warpweb site that goes live gets its pause
 * check (docs/api.md#free-tier-pause), and a revision that ended by its webhook drops its site
 * checks. When the site's status answer is the event's own payload (a poll), the pause facts are
 * read from it and no extra request is made; after a webhook the site is read once soon.
 */
import { pauseAtOf, pauseFacts, PAUSE_DUE_AHEAD_MS } from '../../providers/warpweb/pause';
import { siteStatusSchema } from '../../providers/warpweb/status-schema';
import type { Followup } from '../../storage/followups-store';
import type { AppendStep } from '../recorder';
import type { Ticker } from '../ticker';
import type { WatchDeps } from '../watches/deps';
import { FOLLOWUP_TASK } from './followup-task-name';

/** After a webhook said the site is live, its tier and refresh time are read this soon (at most). */
const FIRST_CHECK_MS = 60_000;

const REVISION_ENDS = new Set(['revision.complete', 'revision.failed', 'revision.clarification_needed']);

export function followupStep(deps: Pick<WatchDeps, 'store' | 'config'>, ticker: Ticker): AppendStep {
  const { store, config } = deps;
  return (e, now) => {
    if (e.provider !== 'warpweb') return;
    if (REVISION_ENDS.has(e.type)) {
      const watch = store.watches.bySubject(e.subject);
      if (watch) store.followups.delete(watch.id);
      return;
    }
    if (e.type !== 'site.complete' || !config.warpweb.apiKey) return;
    const watch = store.watches.bySubject(e.subject);
    if (!watch || store.followups.get(watch.id)) return;
    const checkMs = config.pauseCheckS * 1000;
    const read = siteStatusSchema.safeParse(e.data.raw);
    const facts = read.success && read.data.hosting_tier ? pauseFacts(read.data) : null;
    if (facts && facts.tier !== 'free_subdomain') return;
    const pauseAt = pauseAtOf(facts?.lastRefreshedAt ?? null);
    const moments = facts
      ? [now + checkMs, ...(pauseAt === null ? [] : [pauseAt - PAUSE_DUE_AHEAD_MS, pauseAt])]
      : [now + Math.min(checkMs, FIRST_CHECK_MS)];
    // A site already paused is reported by the first check (site.paused), which is then due at once.
    const nextCheckAt = facts?.pauseState === 'paused' ? now : Math.max(now, Math.min(...moments));
    const row: Followup = {
      watchId: watch.id,
      kind: 'pause',
      siteId: watch.resourceId,
      nextCheckAt,
      requestedAt: null,
      baseStatus: null,
      seenRunning: false,
      prompt: null,
      hostingTier: facts?.tier ?? null,
      pauseState: facts?.pauseState === 'active' ? 'active' : null,
      lastRefreshedAt: facts?.lastRefreshedAt ?? null,
      pauseDueFor: null,
      checks: 0,
      createdAt: now,
      updatedAt: now,
    };
    store.followups.put(row);
    ticker.wake(FOLLOWUP_TASK, nextCheckAt);
  };
}
