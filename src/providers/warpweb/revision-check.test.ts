import { describe, expect, it } from 'vitest';
import { checkRevision, type RevisionBase } from './revision-check';
import type { SiteStatus } from './status-schema';

const T = Date.parse('2026-05-18T12:00:00Z');
const base: RevisionBase = {
  revisionId: 'rev-1',
  siteId: 'site-1',
  requestedAt: T,
  baseStatus: 'complete_with_warnings',
  seenRunning: false,
};
const site = (status: string, updatedAt: number, extra: Partial<SiteStatus> = {}): SiteStatus => ({
  id: 'site-1',
  status,
  updated_at: new Date(updatedAt).toISOString(),
  ...extra,
});

describe('checkRevision', () => {
  it.each<[string, RevisionBase, SiteStatus, string, string | null]>([
    ['not updated since the request', base, site('complete', T), 'pending', null],
    ['updated but the same status (e.g. a refresh)', base, site('complete_with_warnings', T + 5), 'pending', null],
    ['generating after the request', base, site('generating', T + 5), 'running', 'running'],
    ['live in another status', base, site('complete', T + 5), 'ended', 'complete'],
    [
      'live again after working',
      { ...base, baseStatus: 'complete', seenRunning: true },
      site('complete', T + 5),
      'ended',
      'complete',
    ],
    ['failed after the request', base, site('failed', T + 5, { last_error: 'x' }), 'ended', 'failed'],
  ])('%s', (_name, b, s, kind, status) => {
    const c = checkRevision(b, s);
    expect(c.kind).toBe(kind);
    if (c.kind !== 'pending') {
      expect(c.observation).toMatchObject({
        kind: 'revision',
        resourceId: 'rev-1',
        siteId: 'site-1',
        status,
        observedVia: 'poll',
      });
    }
  });
});
