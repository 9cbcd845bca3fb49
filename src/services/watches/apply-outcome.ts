/**
 * A poll's outcome -> events and the watch's next state, in one transaction.
 * Observations go through the same recorder and state tracker as webhooks, so
 * a transition both sources saw is emitted once and terminal is final.
 */
import type { PollOutcome } from '../../providers/poll-response';
import type { Watch } from '../../storage/watches-store';
import type { WatchDeps } from './deps';
import { nextPollAt } from './schedule';
import { notFoundObservation, watchEvent, watchSiteId } from './watch-events';

/** `inTransaction` runs first inside the same transaction (the poll counters). */
export function applyOutcome(deps: WatchDeps, polled: Watch, outcome: PollOutcome, attempts: number, inTransaction?: () => void): void {
  const { store, recorder } = deps;
  recorder.write((w) => {
    inTransaction?.();
    const watch = store.watches.get(polled.id);
    const counted = watch ? { polls: watch.polls + attempts, lastPolledAt: w.now, updatedAt: w.now } : null;

    switch (outcome.kind) {
      case 'reading':
      case 'not_found': {
        const obs = outcome.kind === 'reading' ? outcome.reading.observation : notFoundObservation(polled, outcome.message, watchSiteId(store, polled));
        w.observe(obs.url || !watch?.url ? obs : { ...obs, url: watch.url });
        if (!watch || !counted) return;
        if (outcome.kind === 'reading') store.watches.addAliases(watch.id, watch.provider, outcome.reading.aliases);
        // The event the observation caused (if any) already updated the watch's status (mirror.ts).
        const finished = store.resources.get(watch.subject)?.terminal ?? false;
        const pollAfterMs = outcome.kind === 'reading' ? outcome.reading.pollAfterMs : null;
        store.watches.patch(watch.id, {
          ...counted,
          failures: 0,
          lastError: null,
          urgent: false,
          ...(finished || watch.state !== 'active'
            ? { state: finished ? 'done' : watch.state, nextPollAt: null }
            : { nextPollAt: nextPollAt(deps, watch.provider, w.now, { pollAfterMs }) }),
        });
        return;
      }
      case 'refused': {
        if (!watch || !counted || watch.state !== 'active') return;
        store.watches.patch(watch.id, { ...counted, state: 'error', lastError: outcome.message, nextPollAt: null, urgent: false });
        w.emit(watchEvent('watch.error', { ...watch, state: 'error' }, { code: 'credentials_refused', message: outcome.message }, watchSiteId(store, watch)));
        return;
      }
      case 'rate_limited':
        // Stays due (and first in line if hinted): the key's budget decides when it goes again.
        if (counted) store.watches.patch(polled.id, { ...counted, lastError: `rate limited: ${outcome.message}` });
        return;
      case 'transient': {
        if (!watch || !counted || watch.state !== 'active') return;
        const failures = watch.failures + 1;
        store.watches.patch(watch.id, {
          ...counted,
          failures,
          lastError: outcome.message,
          urgent: false,
          nextPollAt: nextPollAt(deps, watch.provider, w.now, { failures }),
        });
      }
    }
  });
}
