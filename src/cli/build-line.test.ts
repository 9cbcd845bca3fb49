import { describe, expect, it } from 'vitest';
import { exitCodeFor, progressBar, statusLine, summary } from './build-line';

describe('build line', () => {
  it.each([
    [{ total: 5, complete: 0, errored: 0 }, '[--------------------] 0/5 pages'],
    [{ total: 5, complete: 2, errored: 0 }, '[########------------] 2/5 pages'],
    [{ total: 4, complete: 3, errored: 1 }, '[###############xxxxx] 3/4 pages, 1 failed'],
    [{ total: 0, complete: 0, errored: 0 }, '[--------------------] 0/0 pages'],
  ])('progressBar(%j)', (p, bar) => {
    expect(progressBar(p)).toBe(bar);
  });

  it('shows status, phase, message, pages and the source', () => {
    expect(
      statusLine({
        type: 'site.progress',
        data: { status: 'running', phase: 'generating', message: 'Writing 5 pages', observed_via: 'poll' },
      }),
    ).toBe('running · generating · Writing 5 pages  (poll)');
    expect(
      statusLine({
        type: 'site.progress',
        data: { status: 'running', progress: { total: 2, complete: 1, errored: 0 }, observed_via: 'webhook' },
      }),
    ).toBe('running  [##########----------] 1/2 pages  (webhook)');
  });

  it('summarizes the end: URL and warnings with fix prompts, or the error', () => {
    expect(
      summary({
        type: 'site.complete',
        data: {
          status: 'complete_with_warnings',
          url: 'https://x.app',
          warnings: [{ severity: 'error', page: 'index.html', message: 'Hero tiles', fix_prompt: 'Use a list' }],
        },
      }),
    ).toEqual([
      'complete_with_warnings: https://x.app',
      '  warning [error] index.html Hero tiles',
      '    fix: Use a list',
    ]);
    expect(
      summary({
        type: 'blog.failed',
        data: { status: 'failed', error: { code: 'workflow_errored', message: 'No credits' } },
      }),
    ).toEqual(['failed: No credits (workflow_errored)']);
  });

  it.each([
    ['site.complete', 'site', 0],
    ['site.failed', 'site', 1],
    ['watch.expired', 'site', 2],
    ['watch.error', 'page', 2],
    ['site.progress', 'site', null],
    ['page.complete', 'site', null],
  ])('%s (kind %s) exits %s', (type, kind, code) => {
    expect(exitCodeFor({ type }, kind)).toBe(code);
  });
});
