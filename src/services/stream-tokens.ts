/**
 * Issues and checks stream tokens with the relay's signing key: random,
 * generated on first use and kept in the meta table (both runtimes), so
 * tokens stay valid across restarts. Deleting the `stream_token_key` row
 * revokes every token at once.
 */
import { fromBase64Url, randomBytes, toBase64Url } from '../core/bytes';
import type { EventFilter } from '../core/filter';
import { signStreamToken, verifyStreamToken, type StreamGrant } from '../core/stream-token';
import type { Store } from '../storage/store';

const KEY = 'stream_token_key';

export function createStreamTokens(deps: { store: Store; now: () => number }) {
  let key: Uint8Array | undefined;
  const signingKey = (): Uint8Array => {
    key ??= fromBase64Url(deps.store.meta.get(KEY) ?? deps.store.meta.setIfAbsent(KEY, toBase64Url(randomBytes(32))));
    return key;
  };

  return {
    async issue(scope: EventFilter, ttlS: number): Promise<{ token: string; expiresAt: number }> {
      // Whole seconds: the token carries exp in seconds, and expires_at must say exactly that.
      const expiresAt = Math.floor((deps.now() + ttlS * 1000) / 1000) * 1000;
      return { token: await signStreamToken(signingKey(), { scope, expiresAt }), expiresAt };
    },
    verify(token: string): Promise<StreamGrant | null> {
      return verifyStreamToken(signingKey(), token, deps.now());
    },
  };
}

export type StreamTokens = ReturnType<typeof createStreamTokens>;
