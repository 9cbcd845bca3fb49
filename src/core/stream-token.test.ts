import { describe, expect, it } from 'vitest';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes';
import { signStreamToken, verifyStreamToken } from './stream-token';

const KEY = utf8('k'.repeat(32));
const OTHER_KEY = utf8('x'.repeat(32));
const NOW = Date.parse('2026-05-18T12:00:00.000Z');
const grant = {
  scope: { types: ['site.*'], providers: ['warpweb'], resources: ['warpweb/site/s-1'] },
  expiresAt: NOW + 60_000,
};

describe('stream tokens', () => {
  it('round-trips the scope and the expiry', async () => {
    const token = await signStreamToken(KEY, grant);
    expect(token).toMatch(/^sws_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await verifyStreamToken(KEY, token, NOW)).toEqual(grant);
  });

  it('leaves out empty lists: an empty scope grants every event', async () => {
    const token = await signStreamToken(KEY, { scope: { types: [], providers: undefined }, expiresAt: NOW + 1000 });
    expect(await verifyStreamToken(KEY, token, NOW)).toEqual({ scope: {}, expiresAt: NOW + 1000 });
  });

  it('expires at exp and not before', async () => {
    const token = await signStreamToken(KEY, grant);
    expect(await verifyStreamToken(KEY, token, grant.expiresAt - 1)).not.toBeNull();
    expect(await verifyStreamToken(KEY, token, grant.expiresAt)).toBeNull();
    expect(await verifyStreamToken(KEY, token, grant.expiresAt + 3_600_000)).toBeNull();
  });

  it('refuses a token signed with another key', async () => {
    expect(await verifyStreamToken(KEY, await signStreamToken(OTHER_KEY, grant), NOW)).toBeNull();
  });

  it('refuses a widened scope or a pushed-back expiry under the original signature', async () => {
    const token = await signStreamToken(KEY, grant);
    const [body, mac] = token.slice(4).split('.') as [string, string];
    const claims = JSON.parse(fromUtf8(fromBase64Url(body)));
    for (const forged of [
      { ...claims, types: ['*'] },
      { ...claims, exp: claims.exp + 86_400 },
      { v: 1, exp: claims.exp },
    ]) {
      const tampered = `sws_${toBase64Url(utf8(JSON.stringify(forged)))}.${mac}`;
      expect(await verifyStreamToken(KEY, tampered, NOW)).toBeNull();
    }
  });

  it('refuses a flipped signature character, and malformed input, without throwing', async () => {
    const token = await signStreamToken(KEY, grant);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const flipped = token.slice(0, -2) + last + token.at(-1);
    for (const bad of [
      flipped,
      '',
      'sws_',
      'sws_.',
      token.slice(4),
      `${token}x`,
      `sws_!!!.${'a'.repeat(43)}`,
      'x'.repeat(10_000),
    ]) {
      expect(await verifyStreamToken(KEY, bad, NOW)).toBeNull();
    }
  });

  it('refuses a correctly signed body that is not a valid claim set', async () => {
    const { hmacSha256 } = await import('./crypto');
    const sign = async (claims: unknown) => {
      const body = toBase64Url(utf8(typeof claims === 'string' ? claims : JSON.stringify(claims)));
      return `sws_${body}.${toBase64Url(await hmacSha256(KEY, body))}`;
    };
    for (const claims of [
      'not json',
      { v: 2, exp: NOW / 1000 + 60 },
      { v: 1 },
      { v: 1, exp: NOW / 1000 + 60, types: 'site.*' },
      { v: 1, exp: NOW / 1000 + 60, resources: [1] },
    ]) {
      expect(await verifyStreamToken(KEY, await sign(claims), NOW)).toBeNull();
    }
    expect(await verifyStreamToken(KEY, await sign({ v: 1, exp: NOW / 1000 + 60 }), NOW)).toEqual({
      scope: {},
      expiresAt: NOW + 60_000,
    });
  });
});
