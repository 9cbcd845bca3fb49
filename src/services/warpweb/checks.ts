/**
 * The Warpweb follow-up task (due rows in warpweb_followups): one GET of the site per due row,
 * within the key's budget shared with polls. A revision row reads the site for the revision's
 * outcome (revision-check.ts) while its webhook may be lost; a pause row is the low-rate check
 * of a finished free-tier site (pause.ts). Rows whose watch is gone or ended are dropped.
 */
import { isTerminal } from '../../core/status';
import { interpretResponse, type PollOutcome } from '../../providers/poll-response';
import { warpwebStatus } from '../../providers/warpweb/client';
import { checkRevision } from '../../providers/warpweb/revision-check';
import { siteStatusSchema } from '../../providers/warpweb/status-schema';
import type { Followup } from '../../storage/followups-store';
import type { DueTask } from '../ticker';
import type { Budget } from '../watches/budget';
import type { WatchDeps } from '../watches/deps';
import { nextPollAt } from '../watches/schedule';
import { notFoundObservation } from '../watches/watch-events';
import { FOLLOWUP_TASK } from './followup-task-name';
import { applyPauseReading } from './pause-apply';

const MAX_CHECKS_PER_RUN = 25;

async function fetchSite(deps: WatchDeps, apiKey: string, siteId: string): Promise<PollOutcome> {
  try {
    const req = warpwebStatus.request('site', siteId, deps.config, apiKey);
    const res = await deps.fetch(req, { signal: AbortSignal.timeout(deps.config.pollTimeoutMs) });
    return await interpretResponse(warpwebStatus, 'site', siteId, res, deps.now());
  } catch (err) {
    return { kind: 'transient', message: `network error: ${String((err as Error)?.message ?? err)}`.slice(0, 300) };
  }
}

async function applyOutcome(deps: WatchDeps, budget: Budget, f: Followup, outcome: PollOutcome): Promise<void> {
  const { store } = deps;
  if (outcome.kind === 'rate_limited') await budget.penalize(deps.now(), outcome.retryAfterMs);
  deps.recorder.write((w) => {
    const watch = store.watches.get(f.watchId);
    if (!watch) return;
    if (f.kind === 'revision') {
      store.watches.patch(watch.id, { polls: watch.polls + 1, lastPolledAt: w.now, updatedAt: w.now });
    }
    const again = f.kind === 'revision' ? nextPollAt(deps, 'warpweb', w.now) : w.now + deps.config.pauseCheckS * 1000;
    if (outcome.kind === 'not_found') {
      if (f.kind === 'revision') w.observe(notFoundObservation(watch, outcome.message, f.siteId));
      store.followups.delete(f.watchId);
      return;
    }
    const site = outcome.kind === 'reading' ? siteStatusSchema.safeParse(outcome.reading.observation.raw) : null;
    if (!site?.success) {
      const lastError = 'message' in outcome ? outcome.message : 'unexpected response shape';
      if (f.kind === 'revision') store.watches.patch(watch.id, { lastError });
      store.followups.patch(f.watchId, { nextCheckAt: again, updatedAt: w.now });
      return;
    }
    if (f.kind === 'pause') return applyPauseReading(deps, f, site.data, w);

    const check = checkRevision(
      {
        revisionId: watch.resourceId,
        siteId: f.siteId,
        requestedAt: f.requestedAt ?? watch.createdAt,
        baseStatus: f.baseStatus,
        seenRunning: f.seenRunning,
      },
      site.data,
    );
    if (check.kind !== 'pending') w.observe(check.observation);
    if (check.kind === 'ended' || isTerminal(store.resources.get(watch.subject)?.status ?? 'queued')) {
      store.followups.delete(f.watchId);
      return;
    }
    store.watches.patch(watch.id, { lastError: null });
    const seenRunning = f.seenRunning || check.kind === 'running';
    store.followups.patch(f.watchId, { seenRunning, nextCheckAt: again, checks: f.checks + 1, updatedAt: w.now });
  });
}

/** A row that no longer needs checking: its watch was deleted, or its revision already ended. */
function stale(deps: WatchDeps, f: Followup): boolean {
  const watch = deps.store.watches.get(f.watchId);
  return !watch || (f.kind === 'revision' && watch.state !== 'active');
}

export function createFollowupTask(deps: WatchDeps, budget: Budget): DueTask {
  const { store } = deps;
  return {
    name: FOLLOWUP_TASK,
    async run() {
      const apiKey = deps.config.warpweb.apiKey;
      if (!apiKey) return null;
      for (let i = 0; i < MAX_CHECKS_PER_RUN; i++) {
        const t = deps.now();
        if (deps.stop?.aborted) return null;
        const f = store.followups.nextDue(t);
        if (!f) break;
        if (stale(deps, f)) {
          store.followups.delete(f.watchId);
          continue;
        }
        const slot = await budget.tryTake(t);
        if (!slot.ok) return slot.at;
        try {
          await applyOutcome(deps, budget, f, await fetchSite(deps, apiKey, f.siteId));
        } catch (err) {
          // A bug must not spin on one row nor stop the others.
          deps.logger.error('warpweb follow-up failed', { watch: f.watchId, error: String(err) });
          store.followups.patch(f.watchId, { nextCheckAt: deps.now() + deps.config.pauseCheckS * 1000 });
        }
      }
      return store.followups.earliestDue();
    },
  };
}
