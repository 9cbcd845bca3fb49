/**
 * Standard Webhooks signing (docs/api.md#deliveries): `v1,<base64 HMAC-SHA256>` over
 * `${id}.${timestamp}.${body}` with the base64-decoded `whsec_` secret.
 * Web crypto only, so deliveries sign the same way on both runtimes.
 */
import { fromBase64, randomBytes, toBase64 } from './bytes';
import { hmacSha256, timingSafeEqualString } from './crypto';

const PREFIX = 'whsec_';
export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A fresh secret: `whsec_` + base64 of 32 random bytes. */
export const newSecret = (): string => PREFIX + toBase64(randomBytes(32));

/** A secret in the documented form: a bare base64 key (which signs the same) gets its `whsec_`. */
export const withSecretPrefix = (secret: string): string => (secret.startsWith(PREFIX) ? secret : PREFIX + secret);

/** The key bytes of a secret (with or without `whsec_`); null when it is not base64 of 24–64 bytes. */
export function secretKey(secret: string): Uint8Array | null {
  const b64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  try {
    const key = fromBase64(b64);
    return key.length >= MIN_SECRET_BYTES && key.length <= MAX_SECRET_BYTES ? key : null;
  } catch {
    return null;
  }
}

/** One `v1,<base64>` signature. Throws on a malformed secret (secrets are validated when stored). */
export async function signature(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const b64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  const mac = await hmacSha256(fromBase64(b64), `${id}.${timestamp}.${body}`);
  return `v1,${toBase64(mac)}`;
}

/** The three headers; one signature per active secret, space-separated (rotation overlap). */
export async function signHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): Promise<SignedHeaders> {
  const sigs = await Promise.all(secrets.map((s) => signature(s, id, timestamp, body)));
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sigs.join(' ') };
}

/** True when any `v1` entry of the header is the signature of this secret (no timestamp window: callers decide). */
export async function verifySignature(secret: string, headers: SignedHeaders, body: string): Promise<boolean> {
  const ts = Number(headers['webhook-timestamp']);
  if (!Number.isInteger(ts)) return false;
  const expected = await signature(secret, headers['webhook-id'], ts, body);
  let ok = false;
  for (const entry of headers['webhook-signature'].split(' ')) {
    if (entry.startsWith('v1,') && timingSafeEqualString(entry, expected)) ok = true;
  }
  return ok;
}
