/**
 * Provider webhook -> verified, deduplicated, normalized, durably stored
 * events. The answer is given only after the transaction holding the dedup
 * key, the events and their side rows has committed; webhooks verified in the
 * same turn share that transaction (group-commit.ts).
 */
import type { Config } from '../config';
import type { Hmac } from '../core/crypto';
import type { StateSignal } from '../core/observation';
import { traceparentFrom } from '../core/traceparent';
import type { ParsedWebhook, ProviderAdapter, WebhookRequest } from '../providers/types';
import type { Store } from '../storage/store';
import { createGroupCommit, type Defer } from './group-commit';
import { verifyAndParse } from './webhook-verify';
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
  /** Sees each state signal before it is observed (watches: a Lindo hint polls instead). */
  takeStateSignal: StateSignalHook;
  now: () => number;
  hmac?: Hmac;
  /** When a group of verified webhooks is committed (Node: setImmediate, after this turn's I/O). Default: a microtask. */
  defer?: Defer;
  /**
   * Awaited after a commit that made events, before the webhook is answered (a resource shard: its
   * outbox reaches the log first, so an answered webhook's event can be read at once).
   */
  settle?: () => Promise<void>;
}

interface Verified {
  provider: ProviderAdapter;
  parsed: ParsedWebhook;
  /** The request's trace context, or a new trace (docs/events.md#tracing). */
  traceparent: string;
}

export const webhookSeenKey = (provider: string) => `webhook_seen_at:${provider}`;

export function createIngest(deps: IngestDeps) {
  const { config, store, recorder, now, hmac, defer = queueMicrotask } = deps;

  function take({ provider, parsed, traceparent }: Verified, w: Writer): IngestResult {
    store.meta.set(webhookSeenKey(provider.name), String(w.now));
    if (!store.inbox.claim(parsed.dedupKey, provider.name, w.now)) return { duplicate: true, events: [] };
    w.trace(traceparent);
    // Webhooks of one group share the transaction: this one's events follow those of the webhooks before it.
    const from = w.appended.length;
    for (const s of parsed.signals) {
      if (s.signal === 'event') w.emit(s);
      else if (!deps.takeStateSignal(provider, s, w)) w.observe(s.observation);
    }
    return { duplicate: false, events: w.appended.slice(from).map((e) => e.id) };
  }

  const commit = createGroupCommit<Verified, IngestResult>(
    (batch) => recorder.write((w) => batch.map((v) => take(v, w))).result,
    defer,
  );

  return {
    async ingest(provider: ProviderAdapter, req: WebhookRequest): Promise<IngestResult> {
      const parsed = await verifyAndParse(provider, req, { config, now: now(), hmac });
      const result = await commit({ provider, parsed, traceparent: traceparentFrom(req.headers.get('traceparent')) });
      if (result.events.length && deps.settle) await deps.settle();
      return result;
    },
    /**
     * The second half alone, for a webhook verified and parsed elsewhere (webhook-verify.ts), with the
     * `traceparent` header it came with, if any.
     */
    commit: (provider: ProviderAdapter, parsed: ParsedWebhook, traceparent: string | null = null) =>
      commit({ provider, parsed, traceparent: traceparentFrom(traceparent) }),
  };
}

export type Ingest = ReturnType<typeof createIngest>;
