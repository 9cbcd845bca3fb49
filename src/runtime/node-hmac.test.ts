import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../core/bytes';
import { hmacSha256 } from '../core/crypto';
import { nodeHmac } from './node-hmac';

describe('nodeHmac', () => {
  it('is the same function as the WebCrypto one', async () => {
    for (const [key, data] of [
      ['Jefe', 'what do ya want for nothing?'],
      ['whsec_test_secret_for_relay_fixtures', '1779105900.{"a":1}'],
      ['k', ''],
      [utf8('bytes-key'), utf8('ünïcödé')],
    ] as const) {
      expect(toHex(await nodeHmac(key, data))).toBe(toHex(await hmacSha256(key, data)));
    }
  });
});
