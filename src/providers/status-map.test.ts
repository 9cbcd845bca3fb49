/** The normalized status table (docs/events.md#statuses), row by row, for both providers. */
import { describe, expect, it } from 'vitest';
import type { PageInfo } from '../core/event';
import { erroredPagesAsWarnings, mapStatus as lindoStatus } from './lindo/normalize';
import { mapStatus as warpwebStatus } from './warpweb/mappings';

describe('normalized status (docs/events.md#statuses)', () => {
  it.each([
    ['queued', null, 'scheduled'],
    ['running', 'generating', 'running'],
    ['complete', 'complete', 'complete'],
    ['complete_with_warnings', 'complete_with_warnings', 'partial'],
    ['failed', 'failed', 'errored'],
  ] as const)('%s <- Warpweb %s, Lindo %s', (normalized, warpweb, lindo) => {
    if (warpweb) expect(warpwebStatus(warpweb)).toBe(normalized);
    expect(lindoStatus(lindo)).toBe(normalized);
  });

  it('has no Warpweb status for queued, and knows no other names', () => {
    for (const s of ['queued', 'scheduled', 'pending', 'errored', 'partial', 'running', '', 'COMPLETE']) {
      expect(warpwebStatus(s)).toBeNull();
    }
    for (const s of ['generating', 'failed', 'pending', 'complete_with_warnings', '', 'Complete']) {
      expect(lindoStatus(s)).toBeNull();
    }
  });
});

describe('Lindo partial: errored pages become warnings', () => {
  const page = (over: Partial<PageInfo>): PageInfo => ({
    slug: null,
    path: null,
    status: 'complete',
    page_id: null,
    error: null,
    ...over,
  });

  it('maps each errored page to a page_errored warning', () => {
    expect(
      erroredPagesAsWarnings([
        page({ slug: 'home', path: '/', status: 'complete', page_id: 'p1' }),
        page({ slug: 'about', path: '/about', status: 'errored', page_id: 'p2', error: 'Generation timed out' }),
        page({ slug: 'faq', path: null, status: 'errored', error: null }),
        page({ slug: 'blog', status: 'running' }),
      ]),
    ).toEqual([
      {
        code: 'page_errored',
        severity: 'error',
        page: '/about',
        viewport: null,
        message: 'Generation timed out',
        fix_prompt: null,
      },
      { code: 'page_errored', severity: 'error', page: 'faq', viewport: null, message: null, fix_prompt: null },
    ]);
  });

  it('is null without errored pages', () => {
    expect(erroredPagesAsWarnings(null)).toBeNull();
    expect(erroredPagesAsWarnings([])).toBeNull();
    expect(erroredPagesAsWarnings([page({ status: 'complete' })])).toBeNull();
  });
});
