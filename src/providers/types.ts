/** What a provider adapter is: the one place that knows a provider's webhooks and payloads. */
import type { Config } from '../config';
import type { Hmac } from '../core/crypto';
import type { Signal } from '../core/observation';
import type { Kind } from '../core/status';

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

export interface ProviderAdapter {
  readonly name: string;
  /** Resource kinds this provider's watches may follow. */
  readonly kinds: readonly Kind[];
  /** Throws AppError: 503 not_configured, 401 when the request is not from the provider. */
  verifyWebhook(req: WebhookRequest, ctx: AdapterContext): Promise<void>;
  /** Throws AppError: 400 invalid_json / invalid_request. */
  parseWebhook(req: WebhookRequest, ctx: AdapterContext): Promise<ParsedWebhook>;
}
