/**
 * Whether a provider key's batch endpoint is there: an API that answered a batch with 404/405/501 is
 * polled one by one for an hour, then asked again (docs/provider-notes.md#batch-polling). Kept in the
 * database, so a restart does not spend a request finding out again.
 */
import type { Store } from '../../storage/store';

export const BATCH_RETRY_MS = 3_600_000;

export const batchOffKey = (provider: string) => `poll_batch_off:${provider}`;

export function batchSupport(store: Store, provider: string) {
  const key = batchOffKey(provider);
  return {
    usable(now: number): boolean {
      const until = Number(store.meta.get(key) ?? 0);
      // A clock that jumped back must not turn batching off for longer than the retry interval.
      return !Number.isFinite(until) || until <= now || until > now + BATCH_RETRY_MS;
    },
    markUnsupported(now: number): void {
      store.meta.set(key, String(now + BATCH_RETRY_MS));
    },
  };
}
