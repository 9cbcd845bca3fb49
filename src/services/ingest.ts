/**
 * Provider webhook -> verified, deduplicated, normalized, durably stored
 * events. The answer is given only after the transaction holding the dedup
 * key, the events and their side rows has committed.
 */
import type { Config } from '../config';
import type { Hmac } from '../core/crypto';
import type { StateSignal } from '../core/observation';
import type { WebhookRequest } from '../providers/types';
import type { ProviderAdapter } from '../providers/types';
import type { Store } from '../storage/store';
import type { Recorder, Writer } from './recorder';

export interface IngestResult {
  duplicate: boolean;
  events: string[];
}

/**
 * Sees each state signal of a verified webhook inside the ingest transaction.
 * Returns true when it took the signal over (e.g. a Lindo hint for a watched
 * workflow: poll now and emit what the status API says), false to emit it.
 */
export type StateSignalHook = (provider: ProviderAdapter, signal: StateSignal, w: Writer) => boolean;

export interface IngestDeps {
  config: Config;
  store: Store;
  recorder: Recorder;
  now: () => number;
  hmac?: Hmac;
}

export const webhookSeenKey = (provider: string) => `webhook_seen_at:${provider}`;

export function createIngest({ config, store, recorder, now, hmac }: IngestDeps) {
  const hooks: StateSignalHook[] = [];

  return {
    onStateSignal(hook: StateSignalHook): void {
      hooks.push(hook);
    },

    async ingest(provider: ProviderAdapter, req: WebhookRequest): Promise<IngestResult> {
      const ctx = { config, now: now(), hmac };
      await provider.verifyWebhook(req, ctx);
      const parsed = await provider.parseWebhook(req, ctx);
      const { result, events } = recorder.write((w) => {
        store.meta.set(webhookSeenKey(provider.name), String(w.now));
        if (!store.inbox.claim(parsed.dedupKey, provider.name, w.now)) return { duplicate: true };
        for (const s of parsed.signals) {
          if (s.signal === 'event') w.emit(s);
          else if (!hooks.some((hook) => hook(provider, s, w))) w.observe(s.observation);
        }
        return { duplicate: false };
      });
      return { duplicate: result.duplicate, events: events.map((e) => e.id) };
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
