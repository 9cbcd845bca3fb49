import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { utf8 } from '../../core/bytes';
import { WebhookVerificationError } from '../verification-error';
import { lindo } from './index';

const ctx = {
  config: loadConfig({ LINDO_WEBHOOK_TOKEN: 'lindo-hook-token-123' }),
  now: Date.parse('2026-05-18T12:05:00Z'),
};

const req = (raw: string, query = '', headers: Record<string, string> = {}) => ({
  body: utf8(raw),
  headers: new Headers(headers),
  query: new URLSearchParams(query),
});

describe('Lindo webhook token', () => {
  const verify = (query: string, headers: Record<string, string> = {}, token: string | null = 'lindo-hook-token-123') =>
    lindo.verifyWebhook(req('{}', query, headers), {
      ...ctx,
      config: { ...ctx.config, lindo: { ...ctx.config.lindo, webhookToken: token ?? undefined } },
    });

  it('accepts the token by query or by Bearer header', async () => {
    await expect(verify('token=lindo-hook-token-123')).resolves.toBeUndefined();
    await expect(verify('', { authorization: 'Bearer lindo-hook-token-123' })).resolves.toBeUndefined();
  });

  it.each([
    ['no token', '', {}],
    ['a wrong query token', 'token=lindo-hook-token-124', {}],
    ['a prefix of the token', 'token=lindo-hook', {}],
    ['a longer token', 'token=lindo-hook-token-1234', {}],
    ['a wrong bearer', '', { authorization: 'Bearer nope' }],
    ['a non-bearer scheme', '', { authorization: 'Basic lindo-hook-token-123' }],
  ])('refuses %s with 401 unauthorized', async (_n, q, h) => {
    await expect(verify(q, h)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses with a WebhookVerificationError', async () => {
    const err = await verify('token=nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect(err).toMatchObject({ code: 'unauthorized', message: 'Missing or wrong Lindo webhook token.' });
  });

  it('answers 503 not_configured without LINDO_WEBHOOK_TOKEN', async () => {
    await expect(verify('token=x', {}, null)).rejects.toMatchObject({ code: 'not_configured' });
  });
});
