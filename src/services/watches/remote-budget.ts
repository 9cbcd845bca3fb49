/**
 * A provider key's budget kept by the key's own object (key-state.ts), seen
 * through the same interface as the local one: each call is one RPC. When
 * the object cannot be reached the answer is "not now" (a slot is never
 * granted without the object), so the key's limit holds through any outage
 * at the price of polls waiting for it (docs/scaling.md#one-object-per-api-key-built).
 */
import type { Logger } from '../../log';
import type { Budget, Slot } from './budget';

/** The key object's RPCs (runtime/poller-object.ts). */
export interface KeyObjectStub {
  take(provider: string, now: number): Promise<Slot>;
  nextAt(provider: string, now: number): Promise<number>;
  penalize(provider: string, now: number, retryAfterMs: number | null): Promise<void>;
  registerAliases(provider: string, subject: string, ids: string[]): Promise<void>;
  resolve(provider: string, ids: string[]): Promise<string | null>;
}

/** How long a poller waits before asking again after the key object failed to answer. */
export const UNREACHABLE_RETRY_MS = 1_000;

export function remoteBudget(key: KeyObjectStub, provider: string, logger?: Logger): Budget {
  const failed = (op: string, err: unknown) =>
    logger?.warn('key object unreachable', { provider, op, error: String((err as Error)?.message ?? err) });
  return {
    async nextAt(now) {
      try {
        return await key.nextAt(provider, now);
      } catch (err) {
        failed('nextAt', err);
        return now + UNREACHABLE_RETRY_MS;
      }
    },
    async tryTake(now) {
      try {
        return await key.take(provider, now);
      } catch (err) {
        failed('take', err);
        return { ok: false, at: now + UNREACHABLE_RETRY_MS };
      }
    },
    async penalize(now, retryAfterMs) {
      try {
        await key.penalize(provider, now, retryAfterMs);
      } catch (err) {
        // The next request meets the provider's 429 again and slows the key then.
        failed('penalize', err);
      }
    },
  };
}
