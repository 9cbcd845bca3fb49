import { describe, expect, it } from 'vitest';
import { interpretResponse, retryAfterMs } from './poll-response';
import { warpwebStatus } from './warpweb/client';

const ID = 'site-1';
const ok = {
  id: ID,
  status: 'complete',
  deployment_url: 'https://x.warpweb.app',
  updated_at: '2026-05-17T14:24:38.000Z',
};
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const interpret = (res: Response) => interpretResponse(warpwebStatus, 'site', ID, res, 1_000_000);

describe('interpretResponse', () => {
  it('a 2xx status answer is a reading', async () => {
    expect(await interpret(json(ok))).toMatchObject({
      kind: 'reading',
      reading: { observation: { status: 'complete' } },
    });
  });

  it.each([
    ['500', json({ error: 'Internal' }, 500), 'transient'],
    [
      '502 HTML',
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      'transient',
    ],
    [
      '200 HTML',
      new Response('<!doctype html><p>maintenance</p>', { status: 200, headers: { 'content-type': 'text/html' } }),
      'transient',
    ],
    ['200 HTML without content type', new Response('<html></html>', { status: 200 }), 'transient'],
    ['truncated JSON', json('{"id":"site-1","sta', 200), 'transient'],
    ['a wrong shape', json({ data: { id: ID } }), 'transient'],
    ['401', json({ error: 'Invalid or revoked API key' }, 401), 'refused'],
    ['403', json({ success: false, errors: [{ message: 'Invalid API key' }] }, 403), 'refused'],
    ['404', json({ error: 'Site not found' }, 404), 'not_found'],
    ['429', json({ error: 'rate_limited' }, 429, { 'retry-after': '7' }), 'rate_limited'],
    ['402', json({ error: 'Balance exhausted' }, 402), 'transient'],
  ])('%s -> %s', async (_n, res, kind) => {
    expect((await interpret(res)).kind).toBe(kind);
  });

  it('keeps the provider error text', async () => {
    expect(await interpret(json({ error: 'Invalid or revoked API key' }, 401))).toEqual({
      kind: 'refused',
      status: 401,
      message: '401: Invalid or revoked API key',
    });
    expect(await interpret(json({ error: 'Site not found' }, 404))).toEqual({
      kind: 'not_found',
      message: 'Site not found',
    });
    expect(await interpret(json({ error: 'rate_limited' }, 429, { 'retry-after': '7' }))).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 7000,
      message: 'rate_limited',
    });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-05-17T14:00:00.000Z');
  it.each<[string, Record<string, string>, number | null]>([
    ['Retry-After seconds', { 'retry-after': '12' }, 12_000],
    ['Retry-After HTTP date', { 'retry-after': 'Sun, 17 May 2026 14:00:30 GMT' }, 30_000],
    ['X-RateLimit-Reset unix seconds', { 'x-ratelimit-reset': String(now / 1000 + 45) }, 45_000],
    ['X-RateLimit-Reset as seconds to wait', { 'x-ratelimit-reset': '20' }, 20_000],
    ['Retry-After wins over the reset', { 'retry-after': '3', 'x-ratelimit-reset': '20' }, 3000],
    ['a reset in the past', { 'x-ratelimit-reset': String(now / 1000 - 5) }, 0],
    ['garbage', { 'retry-after': 'soon' }, null],
    ['nothing', {}, null],
  ])('%s', (_n, headers, expected) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(expected);
  });
});
