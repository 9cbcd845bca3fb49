/**
 * The poll loop of one provider key, as a due-rows task: expire watches past
 * their deadline, then poll due watches one after another as fast as the
 * key's budget allows (hinted first, then the longest overdue), and say when
 * there is work next. The runtime's one timer (Node) or alarm (Workers)
 * drives it; nothing here knows which.
 */
import type { ProviderAdapter, StatusApi } from '../../providers/types';
import type { Watch } from '../../storage/watches-store';
import { RUN_BUDGET_MS, type DueTask } from '../ticker';
import { createBudget } from './budget';
import { handleOutcome } from './handle-outcome';
import { pollTaskName, type WatchDeps } from './deps';
import type { WatchMetrics } from './metrics';
import { pollWithRetries } from './poll-once';
import type { ProviderHealth } from './provider-health';
import { nextPollAt } from './schedule';
import { watchEvent, watchSiteId } from './watch-events';

/** Bounds one run (a Workers alarm has a wall-clock limit); the task is due again at once. */
const MAX_POLLS_PER_RUN = 50;

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
  const budget = createBudget(store, provider, adapter.status.limits(deps.config));

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

  async function pollOne(watch: Watch, apiKey: string): Promise<void> {
    try {
      const started = performance.now();
      const polled = await pollWithRetries({ deps, api: adapter.status, apiKey, budget }, watch);
      const durationMs = performance.now() - started;
      handleOutcome({ deps, budget, metrics, health: { tracker: health, apiKey } }, watch, { ...polled, durationMs });
    } catch (err) {
      // A bug must not spin on one watch nor stop the others.
      logger.error('poll failed', { provider, watch: watch.id, error: String(err) });
      const failures = watch.failures + 1;
      store.watches.patch(watch.id, {
        failures,
        lastError: 'internal error',
        nextPollAt: nextPollAt(deps, provider, deps.now(), { failures }),
      });
    }
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
          const watch = store.watches.nextDue(provider, t);
          if (!watch) break;
          const slot = budget.tryTake(t);
          if (!slot.ok) return earliest(slot.at, store.watches.earliestDeadline(provider));
          await pollOne(watch, apiKey);
        }
      }
      if (deps.stop?.aborted) return null;
      return earliest(apiKey ? store.watches.earliestDue(provider) : null, store.watches.earliestDeadline(provider));
    },
  };
}
