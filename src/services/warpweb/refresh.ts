/**
 * `POST /v1/watches/:id/refresh` (docs/api.md#free-tier-pause): calls Warpweb's refresh for a
 * watched site within the key's budget. The answer, when it is the site, is applied like a pause
 * check (a paused site reports site.resumed); otherwise the site is checked at once.
 */
import { AppError } from '../../core/errors';
import { isLive } from '../../core/status';
import { siteActionRequest } from '../../providers/warpweb/site-actions';
import { siteStatusSchema } from '../../providers/warpweb/status-schema';
import type { Followup } from '../../storage/followups-store';
import type { Watch } from '../../storage/watches-store';
import type { Budget } from '../watches/budget';
import type { WatchDeps } from '../watches/deps';
import { FOLLOWUP_TASK } from './followup-task-name';
import { applyPauseReading } from './pause-apply';
import { warpwebSiteWatch } from './revisions';
import { callSite, providerFailure, warpwebKey } from './site-call';

const pauseRow = (watch: Watch, now: number): Followup => ({
  watchId: watch.id,
  kind: 'pause',
  siteId: watch.resourceId,
  nextCheckAt: now,
  requestedAt: null,
  baseStatus: null,
  seenRunning: false,
  prompt: null,
  hostingTier: null,
  pauseState: null,
  lastRefreshedAt: null,
  pauseDueFor: null,
  checks: 0,
  createdAt: now,
  updatedAt: now,
});

export async function refreshSite(deps: WatchDeps, budget: Budget, id: string): Promise<Watch> {
  const watch = warpwebSiteWatch(deps, id, 'not_refreshable');
  const status = deps.store.resources.get(watch.subject)?.status ?? watch.status;
  if (!status || !isLive(status)) {
    throw new AppError(
      'not_refreshable',
      `Only a live site can be refreshed; this one is ${status ?? 'not known yet'}.`,
    );
  }
  const apiKey = warpwebKey(deps);
  const answer = await callSite(deps, budget, () =>
    siteActionRequest(deps.config, apiKey, watch.resourceId, 'refresh'),
  );
  if (answer.status < 200 || answer.status > 299) throw await providerFailure(deps, budget, answer);
  const site = siteStatusSchema.safeParse(answer.body);
  deps.recorder.write((w) => {
    const f = deps.store.followups.get(watch.id) ?? pauseRow(watch, w.now);
    if (f.kind !== 'pause') return;
    deps.store.followups.put(f);
    if (site.success && site.data.id === watch.resourceId) applyPauseReading(deps, f, site.data, w);
    else deps.store.followups.patch(watch.id, { nextCheckAt: w.now, updatedAt: w.now });
    deps.ticker.wake(FOLLOWUP_TASK, deps.store.followups.get(watch.id)?.nextCheckAt ?? w.now);
  });
  return deps.store.watches.get(watch.id) ?? watch;
}
