import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from './bytes';
import { hmacSha256, sha256Hex, timingSafeEqual, timingSafeEqualString } from './crypto';

describe('timingSafeEqual', () => {
  const b = (...xs: number[]) => new Uint8Array(xs);
  it.each<[string, Uint8Array, Uint8Array, boolean]>([
    ['equal bytes', b(1, 2, 3), b(1, 2, 3), true],
    ['both empty', b(), b(), true],
    ['one byte differs', b(1, 2, 3), b(1, 2, 4), false],
    ['the first byte differs', b(0, 2, 3), b(1, 2, 3), false],
    ['given is a prefix', b(1, 2), b(1, 2, 3), false],
    ['given is longer', b(1, 2, 3, 4), b(1, 2, 3), false],
    ['given is empty', b(), b(1), false],
    ['expected is empty', b(1), b(), false],
    ['lengths differ by 256', new Uint8Array(257), new Uint8Array(1), false],
  ])('%s -> %s', (_n, given, expected, result) => {
    expect(timingSafeEqual(given, expected)).toBe(result);
  });

  it.each<[string, string, boolean]>([
    ['sw_admin_token', 'sw_admin_token', true],
    ['sw_admin_tokeN', 'sw_admin_token', false],
    ['', 'x', false],
    ['é', 'é', true],
    ['e\u0301', 'é', false],
  ])('strings %j vs %j -> %s', (given, expected, result) => {
    expect(timingSafeEqualString(given, expected)).toBe(result);
  });
});

describe('hashes', () => {
  it('SHA-256 and HMAC-SHA256 match the RFC 4231 / FIPS vectors', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // RFC 4231 test case 2.
    expect(toHex(await hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(toHex(await hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
