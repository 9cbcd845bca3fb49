/** What a provider adapter is: the one place that knows a provider's webhooks and payloads. */
import type { Config } from '../config';
import type { Hmac } from '../core/crypto';
import type { Observation, Signal } from '../core/observation';
import type { RateLimit } from '../core/rate-budget';
import type { Kind } from '../core/status';
import type { IngestDoc } from './ingest-doc';
import type { ProviderEnv } from './provider-env';

export interface WebhookRequest {
  /** The exact bytes received: signatures are computed over these. */
  body: Uint8Array;
  headers: Headers;
  query: URLSearchParams;
}

export interface ParsedWebhook {
  /** Dedup key for the inbox (the provider's event id, or a hash of the raw body). */
  dedupKey: string;
  signals: Signal[];
}

export interface AdapterContext {
  config: Config;
  now: number;
  /** The runtime's HMAC-SHA256 when it has a faster one than WebCrypto (Node); else core/crypto's. */
  hmac?: Hmac;
}

/** What one status response says about one resource. */
export interface StatusReading {
  observation: Observation;
  /** The provider's "check again in" (Lindo poll_after_ms), when it gives one. */
  pollAfterMs: number | null;
  /** Other ids the resource is known by (Lindo website/page ids): hints naming them find the watch. */
  aliases: string[];
}

/**
 * The status-API side of an adapter (polling). Optional: a provider without
 * it is webhook-only. Requests and readings are pure; the poller does the I/O.
 */
export interface StatusApi {
  /** The key polls are made with; undefined turns polling of this provider off. */
  apiKey(config: Config): string | undefined;
  /** The variable that key is read from, named when polling is off. */
  readonly apiKeyVar: string;
  /** The per-key limits every watch of this provider shares. */
  limits(config: Config): RateLimit[];
  /** The GET for one resource's status (kind is one of the adapter's kinds). */
  request(kind: Kind, id: string, config: Config, apiKey: string): Request;
  /** A 2xx JSON body -> the reading; null when the body is not a status answer (a transient fault). */
  read(kind: Kind, id: string, body: unknown): StatusReading | null;
  /** The text of an error body, read defensively (each provider has its own shapes). */
  errorMessage(body: unknown): string | null;
  /**
   * The site a resource belongs to when its id alone tells (a Warpweb site is its own site), for
   * events made without a status answer (a 404, watch.expired). Absent: unknown until an answer says.
   */
  siteId?(kind: Kind, id: string): string | null;
  /** Many resources of one kind in one request (Lindo's batch status); absent: one GET per resource. */
  readonly batch?: BatchStatusApi;
}

/** What a batch answer says about one of the ids it was asked about. */
export type BatchItem =
  | { kind: 'reading'; reading: StatusReading }
  | { kind: 'not_found'; message: string }
  /** The item is there but cannot be read: a transient fault for that resource alone. */
  | { kind: 'unreadable'; message: string };

/** The batch side of a status API (docs/provider-notes.md#batch-polling). Pure like StatusApi. */
export interface BatchStatusApi {
  /** The kinds a batch may ask about; the others are always polled one by one. */
  readonly kinds: readonly Kind[];
  /** Most ids in one request. */
  readonly maxIds: number;
  request(kind: Kind, ids: readonly string[], config: Config, apiKey: string): Request;
  /** A 2xx JSON body -> an item per id it answers (ids it leaves out are absent); null when not a batch answer. */
  read(kind: Kind, ids: readonly string[], body: unknown): Map<string, BatchItem> | null;
}

/** Everything the relay knows about one provider; `Settings` is its slice of Config, under its name. */
export interface ProviderAdapter<Name extends string = string, Settings = unknown> {
  readonly name: Name;
  /** How people read its name (the serve banner). */
  readonly title: string;
  /** Its variables, parsed with the rest of the configuration at start. */
  readonly env: ProviderEnv<Settings>;
  /** What POST /ingest/<name> documents. */
  readonly ingestDoc: IngestDoc;
  /** Its webhook URL as the serve banner shows it, or what to set to turn its webhooks on. */
  webhookUrl(base: string, config: Config): string;
  /** Resource kinds this provider's watches may follow. */
  readonly kinds: readonly Kind[];
  /** Throws WebhookVerificationError when the request is not from the provider; AppError 503 not_configured. */
  verifyWebhook(req: WebhookRequest, ctx: AdapterContext): Promise<void>;
  /** Throws AppError: 400 invalid_json / invalid_request. */
  parseWebhook(req: WebhookRequest, ctx: AdapterContext): Promise<ParsedWebhook>;
  /** Polling; absent for a webhook-only provider. */
  readonly status?: StatusApi;
}
