/** HMAC, hashes and constant-time comparison on crypto.subtle (both runtimes). */
import { toHex, utf8 } from './bytes';

type KeyMaterial = string | Uint8Array;

const keyCache = new Map<string, Promise<CryptoKey>>();

function importHmacKey(key: KeyMaterial): Promise<CryptoKey> {
  const raw = typeof key === 'string' ? utf8(key) : key;
  const cacheKey = typeof key === 'string' ? `s:${key}` : '';
  const make = () =>
    crypto.subtle.importKey('raw', raw as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  if (!cacheKey) return make();
  let k = keyCache.get(cacheKey);
  if (!k) {
    if (keyCache.size > 256) keyCache.clear();
    k = make();
    keyCache.set(cacheKey, k);
  }
  return k;
}

/** HMAC-SHA256; a runtime may supply a faster implementation of the same function (see RelayDeps.hmac). */
export type Hmac = (key: KeyMaterial, data: string | Uint8Array) => Promise<Uint8Array>;

export async function hmacSha256(key: KeyMaterial, data: string | Uint8Array): Promise<Uint8Array> {
  const k = await importHmacKey(key);
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, bytes as BufferSource));
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}

/** Compares in time that depends only on the length of `b` (the secret side). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!;
  return diff === 0;
}

export const timingSafeEqualString = (given: string, expected: string): boolean =>
  timingSafeEqual(utf8(given), utf8(expected));
