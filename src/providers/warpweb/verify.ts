/**
 * Warpweb webhook signatures: `X-Warpweb-Signature: sha256=<hex>` =
 * HMAC-SHA256(secret as is, `${X-Warpweb-Timestamp}.${raw body}`), any of the
 * configured secrets (rotation), timestamps within 300 s. The legacy form
 * (HMAC over the raw body alone) only when explicitly enabled.
 */
import { concatBytes, toHex, utf8 } from '../../core/bytes';
import { hmacSha256, timingSafeEqual, type Hmac } from '../../core/crypto';
import { WebhookVerificationError } from '../verification-error';

export const TOLERANCE_S = 300;

const invalidSignature = (message: string) => new WebhookVerificationError('invalid_signature', message);

export interface SignatureCheck {
  body: Uint8Array;
  signature: string | null;
  timestamp: string | null;
  secrets: readonly string[];
  legacy: boolean;
  now: number;
  hmac?: Hmac;
}

function parseSignature(header: string | null): Uint8Array | null {
  const m = /^\s*sha256=([0-9a-fA-F]{64})\s*$/.exec(header ?? '');
  if (!m) return null;
  const hex = m[1]!;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export const signedContent = (timestamp: string, body: Uint8Array): Uint8Array =>
  concatBytes(utf8(`${timestamp}.`), body);

async function matchesAny(
  given: Uint8Array,
  secrets: readonly string[],
  content: Uint8Array,
  hmac: Hmac,
): Promise<boolean> {
  let ok = false;
  // Every secret is tried, so the time taken does not tell which one matched.
  for (const secret of secrets) ok = timingSafeEqual(given, await hmac(secret, content)) || ok;
  return ok;
}

export async function verifyWarpwebSignature(c: SignatureCheck): Promise<void> {
  const hmac = c.hmac ?? hmacSha256;
  const given = parseSignature(c.signature);
  if (!given) throw invalidSignature('Missing or malformed X-Warpweb-Signature.');
  if (c.timestamp !== null) {
    if (!/^\d{1,12}$/.test(c.timestamp.trim())) throw invalidSignature('Malformed X-Warpweb-Timestamp.');
    const ts = Number(c.timestamp.trim());
    if (Math.abs(c.now / 1000 - ts) > TOLERANCE_S) {
      throw invalidSignature(`X-Warpweb-Timestamp is more than ${TOLERANCE_S} s away from now.`);
    }
    if (await matchesAny(given, c.secrets, signedContent(c.timestamp.trim(), c.body), hmac)) return;
  }
  if (c.legacy && (await matchesAny(given, c.secrets, c.body, hmac))) return;
  throw invalidSignature(
    c.timestamp === null && !c.legacy ? 'Missing X-Warpweb-Timestamp.' : 'Signature does not match.',
  );
}

/** Signs like Warpweb does (used by the simulator, the demo and tests). */
export async function signWarpweb(secret: string, timestamp: number, body: string): Promise<string> {
  const mac = await hmacSha256(secret, signedContent(String(timestamp), utf8(body)));
  return `sha256=${toHex(mac)}`;
}
