import { describe, expect, it } from 'vitest';
import { utf8 } from '../../core/bytes';
import { WebhookVerificationError } from '../verification-error';
import { signWarpweb, verifyWarpwebSignature } from './verify';

// The published vector (docs/provider-notes.md#warpweb-signatures).
const SECRET = 'whsec_test_secret_for_relay_fixtures';
const TS = 1779105900;
const BODY =
  '{"event_id":"00000000-0000-0000-0000-000000000001","type":"site.complete","site_id":"11111111-1111-1111-1111-111111111111","occurred_at":"2026-05-18T12:05:00.000Z","payload":{}}';
const CURRENT = 'sha256=a945c9f9788dac6296301b71d33ae3cd840f801b8ce2fcf45e9cf6d96ccaedfa';
const LEGACY = 'sha256=65749ff1991f24bd3d59bea22f3f1f856f7ed3d1679c920742f33a98a6224bda';

const check = (over: Partial<Parameters<typeof verifyWarpwebSignature>[0]>) =>
  verifyWarpwebSignature({
    body: utf8(BODY),
    signature: CURRENT,
    timestamp: String(TS),
    secrets: [SECRET],
    legacy: false,
    now: TS * 1000,
    ...over,
  });

describe('Warpweb signatures', () => {
  it('signs the published vector', async () => {
    expect(await signWarpweb(SECRET, TS, BODY)).toBe(CURRENT);
  });

  it('accepts the current vector, with the secret anywhere in a rotation list', async () => {
    await expect(check({})).resolves.toBeUndefined();
    await expect(check({ secrets: ['whsec_old', SECRET] })).resolves.toBeUndefined();
  });

  it.each([
    ['a wrong secret', { secrets: ['whsec_other'] }],
    ['a changed body byte', { body: utf8(BODY.replace('site.complete', 'site.complet3')) }],
    ['a timestamp 301 s old', { now: (TS + 301) * 1000 }],
    ['a timestamp 301 s ahead', { now: (TS - 301) * 1000 }],
    ['no signature', { signature: null }],
    ['a malformed signature', { signature: 'sha256=zz' }],
    ['a non-numeric timestamp', { timestamp: 'yesterday' }],
    ['the legacy signature while legacy is off', { signature: LEGACY }],
    ['the legacy signature without timestamp while legacy is off', { signature: LEGACY, timestamp: null }],
  ])('refuses %s', async (_name, over) => {
    await expect(check(over)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('accepts a timestamp exactly 300 s away', async () => {
    await expect(check({ now: (TS + 300) * 1000 })).resolves.toBeUndefined();
  });

  it('accepts the legacy vector only when enabled', async () => {
    await expect(check({ signature: LEGACY, timestamp: null, legacy: true })).resolves.toBeUndefined();
    await expect(check({ signature: LEGACY, legacy: true })).resolves.toBeUndefined();
  });

  it('refuses with a WebhookVerificationError, not a programmer error', async () => {
    const err = await check({ secrets: ['whsec_other'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect(err).toMatchObject({
      name: 'WebhookVerificationError',
      code: 'invalid_signature',
      message: 'Signature does not match.',
    });
  });
});
