import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { warpwebStatus } from './client';

const ID = '8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f';
const base = {
  id: ID,
  slug: 'brookside-plumbing',
  business_name: 'Brookside Plumbing',
  hosting_tier: 'free_subdomain',
  usage: { credits_charged: null, tokens_in: 1200, tokens_out: 5400, cost_usd: 0.42 },
  input: null,
  form_webhook_url: null,
  created_at: '2026-05-17T14:20:00.000Z',
  updated_at: '2026-05-17T14:24:38.000Z',
  undocumented_extra: { whatever: true },
};
const read = (body: unknown) => warpwebStatus.read('site', ID, body);

describe('Warpweb status -> observation', () => {
  it('generating: running with phase, message and the provider time', () => {
    const r = read({
      ...base,
      status: 'generating',
      generation_phase: 'reviewing',
      generation_message: 'Checking pages',
    });
    expect(r?.observation).toMatchObject({
      provider: 'warpweb',
      kind: 'site',
      resourceId: ID,
      status: 'running',
      providerStatus: 'generating',
      phase: 'reviewing',
      message: 'Checking pages',
      observedVia: 'poll',
      providerTime: base.updated_at,
      siteId: ID,
    });
    expect(r?.pollAfterMs).toBeNull();
  });

  it('complete_with_warnings: URL, usage and warnings with their fix prompts', () => {
    const r = read({
      ...base,
      status: 'complete_with_warnings',
      deployment_url: 'https://brookside.warpweb.app',
      warnings: [
        {
          rule: 'hero-is-wedge-not-list',
          severity: 'error',
          page: 'index.html',
          viewport: 'desktop',
          description: 'Hero shows 6 tiles',
          fix_via_revision: { endpoint: '/v1/sites/x/revisions', suggested_prompt: 'Hero must list' },
        },
      ],
    });
    expect(r?.observation).toMatchObject({
      status: 'complete_with_warnings',
      phase: null,
      url: 'https://brookside.warpweb.app',
      usage: { tokens_in: 1200, tokens_out: 5400, cost_usd: 0.42, credits_charged: null },
      warnings: [
        {
          code: 'hero-is-wedge-not-list',
          severity: 'error',
          page: 'index.html',
          viewport: 'desktop',
          message: 'Hero shows 6 tiles',
          fix_prompt: 'Hero must list',
        },
      ],
    });
  });

  it('failed: last_error becomes the error', () => {
    expect(read({ ...base, status: 'failed', last_error: 'Maps listing not found' })?.observation.error).toEqual({
      code: 'build_failed',
      message: 'Maps listing not found',
    });
  });

  it.each([
    ['no status', { ...base }],
    ['an unknown status', { ...base, status: 'exploding' }],
    ['another site', { ...base, id: 'other', status: 'complete' }],
    ['a wrongly typed field', { ...base, status: 'complete', deployment_url: 42 }],
    ['not an object', [1, 2]],
  ])('refuses %s (a transient fault, never an event)', (_n, body) => {
    expect(read(body)).toBeNull();
  });

  it('builds the GET with the key', () => {
    const config = loadConfig({ WARPWEB_API_URL: 'http://127.0.0.1:9/', WARPWEB_API_KEY: 'wwk_abc' });
    const req = warpwebStatus.request('site', 'a/b', config, 'wwk_abc');
    expect(req.url).toBe('http://127.0.0.1:9/v1/sites/a%2Fb');
    expect(req.headers.get('authorization')).toBe('Bearer wwk_abc');
  });
});
