/**
 * Warpweb beyond the build (docs/api.md#revisions, docs/api.md#free-tier-pause): revisions of a
 * watched site, the refresh of a free-tier site, and the follow-up checks of both, sharing the
 * key's budget with polls.
 */
import { pauseAtOf } from '../../providers/warpweb/pause';
import { budgetOf, type WatchDeps } from '../watches/deps';
import { createFollowupTask } from './checks';
import { refreshSite } from './refresh';
import { claimRevisionSignal } from './revision-signal';
import { requestRevision, type RevisionInput } from './revisions';
import type { ProviderAdapter } from '../../providers/types';
import type { StateSignal } from '../../core/observation';

export { followupStep } from './followup-step';

export interface PauseView {
  pauseState: string | null;
  pauseAt: number | null;
}

export function createWarpwebFollowups(deps: WatchDeps) {
  const budget = budgetOf(deps, 'warpweb', deps.config.warpweb.rateLimits);
  return {
    task: createFollowupTask(deps, budget),
    revise: (watchId: string, input: RevisionInput) => requestRevision(deps, budget, watchId, input),
    refresh: (watchId: string) => refreshSite(deps, budget, watchId),
    /** What a watch shows of its site's pause state; null for watches without a pause check. */
    pauseOf(watchId: string): PauseView | null {
      const f = deps.store.followups.get(watchId);
      if (f?.kind !== 'pause' || f.hostingTier === null) return null;
      return { pauseState: f.pauseState, pauseAt: pauseAtOf(f.lastRefreshedAt) };
    },
    prune: () => deps.store.followups.pruneOrphans(),
    /** Ingest: a revision webhook without a revision id is pointed at the site's open revision. */
    claimRevisionSignal: (provider: ProviderAdapter, signal: StateSignal) =>
      claimRevisionSignal(deps.store, provider, signal),
  };
}

export type WarpwebFollowups = ReturnType<typeof createWarpwebFollowups>;
