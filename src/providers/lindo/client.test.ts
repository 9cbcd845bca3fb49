import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import type { Kind } from '../../core/status';
import { lindoStatus } from './client';

const ID = 'rec_abc123xyz789';
const pages = [
  { slug: 'home', path: '/', status: 'complete', page_id: 'pg_1' },
  { slug: 'services', path: '/services', status: 'errored', page_id: 'pg_2', error_message: 'Image generation failed' },
];
const details = {
  website_id: 'web_1',
  home_page_id: 'pg_1',
  pages_summary: { total: 2, complete: 1, running: 0, errored: 1 },
  pages,
};

const flat = (fields: Record<string, unknown>, idName = 'record_id') => ({ success: true, [idName]: ID, ...fields });
const nested = (fields: Record<string, unknown>, idName = 'record_id') => ({
  success: true,
  result: { [idName]: ID, ...fields },
});
const read = (body: unknown, kind: Kind = 'site') => lindoStatus.read(kind, ID, body);

describe('Lindo status -> observation', () => {
  it.each([
    ['flat, record_id', flat({ done: true, status: 'partial', message: 'Done', result: details })],
    [
      'flat, workflow_id, details beside the status',
      flat({ done: true, status: 'partial', message: 'Done', ...details }, 'workflow_id'),
    ],
    ['nested, instance_id', nested({ done: true, status: 'partial', message: 'Done', ...details }, 'instance_id')],
    ['nested with its own result', nested({ done: true, status: 'partial', message: 'Done', result: details })],
  ])('partial website (%s): complete_with_warnings, errored pages as warnings', (_n, body) => {
    const r = read(body);
    expect(r?.observation).toMatchObject({
      provider: 'lindo',
      kind: 'site',
      resourceId: ID,
      status: 'complete_with_warnings',
      providerStatus: 'partial',
      message: 'Done',
      siteId: 'web_1',
      observedVia: 'poll',
      progress: { total: 2, complete: 1, running: 0, errored: 1 },
      pages: [
        { slug: 'home', path: '/', status: 'complete', page_id: 'pg_1', error: null },
        { slug: 'services', path: '/services', status: 'errored', page_id: 'pg_2', error: 'Image generation failed' },
      ],
      warnings: [
        {
          code: 'page_errored',
          severity: 'error',
          page: '/services',
          viewport: null,
          message: 'Image generation failed',
          fix_prompt: null,
        },
      ],
    });
    expect(r?.aliases).toEqual(['web_1']);
    expect(r?.pollAfterMs).toBeNull();
  });

  it('scheduled -> queued, running -> running with progress and poll_after_ms', () => {
    expect(read(flat({ done: false, status: 'scheduled', poll_after_ms: 5000 }))).toMatchObject({
      observation: { status: 'queued', progress: null },
      pollAfterMs: 5000,
      aliases: [],
    });
    expect(
      read(
        nested({
          done: false,
          status: 'running',
          message: '1 of 2 pages complete',
          poll_after_ms: 4000,
          pages_summary: { total: 2, complete: 1, running: 1, errored: 0 },
        }),
      ),
    ).toMatchObject({
      observation: {
        status: 'running',
        message: '1 of 2 pages complete',
        progress: { total: 2, complete: 1, running: 1, errored: 0 },
      },
      pollAfterMs: 4000,
    });
  });

  it('errored blog: failed with the error text', () => {
    const r = read(flat({ done: true, status: 'errored', error: 'Insufficient credits: daily limit reached' }), 'blog');
    expect(r?.observation).toMatchObject({
      kind: 'blog',
      status: 'failed',
      error: { code: 'workflow_errored', message: 'Insufficient credits: daily limit reached' },
    });
  });

  it('a complete page learns its page id; a blog its blog and page ids', () => {
    expect(
      read(
        flat({
          done: true,
          status: 'complete',
          result: { website_id: 'web_1', page_id: 'pg_9', slug: 'about', path: '/about' },
        }),
        'page',
      )?.aliases,
    ).toEqual(['pg_9']);
    expect(
      read(
        nested({ done: true, status: 'complete', result: { website_id: 'web_1', blog_id: 'blg_1', page_id: 'pg_3' } }),
        'blog',
      )?.aliases,
    ).toEqual(['blg_1', 'pg_3']);
  });

  it.each([
    ['no status anywhere', { success: true, data: { state: 'running' } }],
    ['success: false', { success: false, errors: [{ message: 'boom' }] }],
    ['an unknown status', flat({ status: 'melting' })],
    ['another workflow', flat({ status: 'complete', record_id: 'rec_other' })],
    ['a string', 'complete'],
  ])('refuses %s', (_n, body) => {
    expect(read(body)).toBeNull();
  });

  it.each<[Kind, string]>([
    ['site', '/v1/ai/workspace/website/status/'],
    ['revision', '/v1/ai/workspace/website/edit/status/'],
    ['page', '/v1/ai/workspace/page/status/'],
    ['blog', '/v1/ai/workspace/blog/status/'],
  ])('%s polls %s', (kind, path) => {
    const config = loadConfig({ LINDO_API_URL: 'http://127.0.0.1:9', LINDO_API_KEY: 'lindo_sk_x' });
    expect(lindoStatus.request(kind, ID, config, 'lindo_sk_x').url).toBe(`http://127.0.0.1:9${path}${ID}`);
  });
});
