/** The next poll time of a watch, from the pure rules and what the database knows about webhook health. */
import type { PollPolicyInput } from '../../core/poll-policy';
import { pollDelay, webhooksHealthy } from '../../core/poll-schedule';
import { webhookSeenKey } from '../ingest';
import type { WatchDeps } from './deps';

export function webhooksFlowing(deps: WatchDeps, provider: string, now: number): boolean {
  const seen = Number(deps.store.meta.get(webhookSeenKey(provider)) ?? NaN);
  return webhooksHealthy(Number.isFinite(seen) ? seen : null, now);
}

/** The interval rules' inputs besides the watch's own (failures, poll_after_ms). */
export function scheduleInput(deps: WatchDeps, provider: string, now: number): PollPolicyInput['schedule'] {
  return {
    intervalMs: deps.config.pollIntervalMs,
    safetyMs: deps.config.pollSafetyMs,
    healthy: webhooksFlowing(deps, provider, now),
    random: (deps.random ?? Math.random)(),
  };
}

export function nextPollAt(
  deps: WatchDeps,
  provider: string,
  now: number,
  o: { pollAfterMs?: number | null; failures?: number } = {},
): number {
  const rules = scheduleInput(deps, provider, now);
  return now + pollDelay({ ...rules, pollAfterMs: o.pollAfterMs ?? null, failures: o.failures ?? 0 });
}
