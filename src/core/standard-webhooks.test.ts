import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSecret, secretKey, signHeaders, signature, verifySignature } from './standard-webhooks';

// The vectors published with the Standard Webhooks reference libraries.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const PAYLOAD = '{"test": 2432232314}';
const EXPECTED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const NEAR_MISS = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=';
const WRONG = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';

const headers = (sig: string) => ({
  'webhook-id': MSG_ID,
  'webhook-timestamp': String(TIMESTAMP),
  'webhook-signature': sig,
});

describe('Standard Webhooks signing', () => {
  it('reproduces the published signature, with and without the whsec_ prefix', async () => {
    expect(await signature(SECRET, MSG_ID, TIMESTAMP, PAYLOAD)).toBe(EXPECTED);
    expect(await signature(SECRET.slice(6), MSG_ID, TIMESTAMP, PAYLOAD)).toBe(EXPECTED);
  });

  it.each([
    ['the published signature', EXPECTED, true],
    ['the published near miss (last byte changed)', NEAR_MISS, false],
    ['the published wrong signature', WRONG, false],
    ['the published multi-signature header', `${WRONG} v2,${WRONG.slice(3)} ${EXPECTED} ${WRONG}`, true],
    ['a v2 entry carrying the right bytes', `v2,${EXPECTED.slice(3)}`, false],
    ['an empty header', '', false],
  ])('verifies %s -> %s', async (_name, sig, valid) => {
    expect(await verifySignature(SECRET, headers(sig), PAYLOAD)).toBe(valid);
  });

  it('signs with every active secret, space-separated, and the library accepts each secret', async () => {
    const other = newSecret();
    const body = '{"hello":"world"}';
    const ts = Math.floor(Date.now() / 1000);
    const h = await signHeaders([other, SECRET], 'evt_1', ts, body);
    expect(h['webhook-signature'].split(' ')).toHaveLength(2);
    expect(h['webhook-id']).toBe('evt_1');
    for (const s of [other, SECRET]) expect(new Webhook(s).verify(body, { ...h })).toEqual({ hello: 'world' });
    expect(() => new Webhook(newSecret()).verify(body, { ...h })).toThrow();
  });

  it('agrees with the library signer on arbitrary input', async () => {
    const s = newSecret();
    const body = JSON.stringify({ text: 'ünïcode ✓', n: 1 });
    expect(await signature(s, 'evt_x', 1700000000, body)).toBe(
      new Webhook(s).sign('evt_x', new Date(1700000000 * 1000), body),
    );
  });

  it.each([
    ['the published secret', SECRET, true],
    ['a generated secret', newSecret(), true],
    ['24 bytes', 'whsec_' + 'A'.repeat(32), true],
    ['64 bytes', 'whsec_' + 'A'.repeat(86) + '==', true],
    ['21 bytes', 'whsec_' + 'A'.repeat(28), false],
    ['66 bytes', 'whsec_' + 'A'.repeat(88), false],
    ['not base64', 'whsec_not base64!', false],
    ['empty', 'whsec_', false],
  ])('secretKey accepts %s: %s', (_name, s, valid) => {
    expect(secretKey(s) !== null).toBe(valid);
  });
});
