/**
 * The poll loop of one provider key, as a due-rows task: expire watches past
 * their deadline, then poll due watches one after another as fast as the
 * key's budget allows (hinted first, then the longest overdue; several of one
 * kind in one request where the provider has a batch endpoint), and say when
 * there is work next. The runtime's one timer (Node) or alarm (Workers)
 * drives it; nothing here knows which.
 */
import type { ProviderAdapter, StatusApi } from '../../providers/types';
import type { Watch } from '../../storage/watches-store';
import { RUN_BUDGET_MS, type DueTask } from '../ticker';
import { planPolls, type PollUnit } from './batch-plan';
import { batchSupport } from './batch-support';
import { handleOutcome } from './handle-outcome';
import { budgetOf, pollTaskName, type WatchDeps } from './deps';
import type { WatchMetrics } from './metrics';
import { pollBatch } from './poll-batch';
import { pollWithRetries } from './poll-once';
import type { ProviderHealth } from './provider-health';
import { nextPollAt, webhooksFlowing } from './schedule';
import { watchEvent, watchSiteId } from './watch-events';

/** Bounds one run (a Workers alarm has a wall-clock limit); the task is due again at once. */
const MAX_POLLS_PER_RUN = 50;
/** The share of the poll interval a watch may wait for others of its kind to share its batch. */
const GATHER = 0.2;

const earliest = (...times: (number | null)[]): number | null => {
  const set = times.filter((t): t is number => t !== null);
  return set.length ? Math.min(...set) : null;
};

export function createPollTask(
  deps: WatchDeps,
  adapter: ProviderAdapter & { status: StatusApi },
  metrics: WatchMetrics,
  health: ProviderHealth,
): DueTask {
  const { store, recorder, logger } = deps;
  const provider = adapter.name;
  const budget = budgetOf(deps, provider, adapter.status.limits(deps.config));
  const batchApi = adapter.status.batch;
  const support = batchSupport(store, provider);

  function expire(now: number): void {
    const due = store.watches.pastDeadline(provider, now);
    if (due.length === 0) return;
    recorder.write((w) => {
      for (const watch of due) {
        store.watches.patch(watch.id, { state: 'expired', nextPollAt: null, urgent: false, updatedAt: w.now });
        const s = Math.round((watch.deadlineAt - watch.createdAt) / 1000);
        w.emit(
          watchEvent(
            'watch.expired',
            { ...watch, state: 'expired' },
            { code: 'deadline_exceeded', message: `No terminal state within ${s} s.` },
            watchSiteId(store, watch),
          ),
        );
      }
    });
    logger.info('watches expired', { provider, count: due.length });
  }

  /** A bug must not spin on a watch nor stop the others: the watches back off as after a failed poll. */
  function failedInternally(watches: readonly Watch[], err: unknown): void {
    logger.error('poll failed', { provider, watches: watches.map((w) => w.id), error: String(err) });
    for (const watch of watches) {
      const failures = watch.failures + 1;
      store.watches.patch(watch.id, {
        failures,
        lastError: 'internal error',
        nextPollAt: nextPollAt(deps, provider, deps.now(), { failures }),
      });
    }
  }

  async function poll(unit: PollUnit<Watch>, apiKey: string): Promise<void> {
    const watches = unit.kind === 'single' ? [unit.watch] : unit.watches;
    const ctx = { deps, budget, metrics, health: { tracker: health, apiKey } };
    const started = performance.now();
    try {
      if (unit.kind === 'batch' && batchApi) {
        const api = { ...adapter.status, batch: batchApi };
        await pollBatch({ ...ctx, api, apiKey, support }, unit.resourceKind, unit.watches);
        health.observeDuration(provider, performance.now() - started);
        return;
      }
      const polled = await pollWithRetries({ deps, api: adapter.status, apiKey, budget }, watches[0]!);
      await handleOutcome(ctx, watches[0]!, { ...polled, durationMs: performance.now() - started });
    } catch (err) {
      failedInternally(watches, err);
    }
  }

  /**
   * The next request's watches: the first due one, with the due ones of its kind when they can go
   * in one batch. A batchable watch that is not hinted waits up to GATHER of the interval for others
   * of its kind coming due (never polling one early), so watches on the same rhythm share requests.
   */
  function nextUnit(now: number): PollUnit<Watch> | { waitUntil: number } | undefined {
    const first = store.watches.nextDue(provider, now);
    if (!first) return undefined;
    if (!batchApi?.kinds.includes(first.kind) || !support.usable(now)) return { kind: 'single', watch: first };
    const due = store.watches.dueList(provider, now, batchApi.maxIds, first.kind);
    if (due.length < batchApi.maxIds && !first.urgent) {
      const intervalMs = webhooksFlowing(deps, provider, now) ? deps.config.pollSafetyMs : deps.config.pollIntervalMs;
      const horizon = (first.nextPollAt ?? now) + GATHER * intervalMs;
      const soon = store.watches.dueList(provider, horizon, batchApi.maxIds, first.kind);
      if (soon.length > due.length) return { waitUntil: Math.max(...soon.map((w) => w.nextPollAt ?? now)) };
    }
    return planPolls(due, batchApi)[0];
  }

  return {
    name: pollTaskName(provider),
    async run(now) {
      expire(now);
      const apiKey = adapter.status.apiKey(deps.config);
      if (apiKey) {
        const until = deps.now() + RUN_BUDGET_MS;
        for (let i = 0; i < MAX_POLLS_PER_RUN; i++) {
          const t = deps.now();
          if (t >= until || deps.stop?.aborted) break;
          const unit = nextUnit(t);
          if (!unit) break;
          if ('waitUntil' in unit) return earliest(unit.waitUntil, store.watches.earliestDeadline(provider));
          const slot = await budget.tryTake(t);
          if (!slot.ok) return earliest(slot.at, store.watches.earliestDeadline(provider));
          await poll(unit, apiKey);
        }
      }
      if (deps.stop?.aborted) return null;
      return earliest(apiKey ? store.watches.earliestDue(provider) : null, store.watches.earliestDeadline(provider));
    },
  };
}
