/**
 * A revision's outcome read from its site (docs/api.md#revisions): Warpweb has no revision status
 * endpoint, so when the revision webhook is lost the relay polls the site. The site answers for the
 * revision once its `updated_at` is newer than the request and its status moved: generating is the
 * revision running, failed is the revision failed, live again after working (or live in another
 * status than before) is the revision complete. Pure.
 */
import { blankObservation, type Observation } from '../../core/observation';
import { mapUsage, mapWarnings, PROVIDER } from './mappings';
import type { SiteStatus } from './status-schema';

export interface RevisionBase {
  revisionId: string;
  siteId: string;
  /** When the relay asked for the revision (ms). */
  requestedAt: number;
  /** The site's provider status before the request. */
  baseStatus: string | null;
  /** A check already saw the site generating after the request. */
  seenRunning: boolean;
}

export type RevisionCheck =
  | { kind: 'pending' }
  | { kind: 'running'; observation: Observation }
  | { kind: 'ended'; observation: Observation };

export function checkRevision(base: RevisionBase, site: SiteStatus): RevisionCheck {
  const updated = site.updated_at ? Date.parse(site.updated_at) : NaN;
  if (!(updated > base.requestedAt)) return { kind: 'pending' };
  const observe = (status: Observation['status']): Observation => ({
    ...blankObservation({
      provider: PROVIDER,
      kind: 'revision',
      resourceId: base.revisionId,
      status,
      providerStatus: site.status,
      observedVia: 'poll',
    }),
    siteId: base.siteId,
    url: site.deployment_url ?? null,
    usage: mapUsage(site.usage),
    providerTime: site.updated_at ?? null,
    raw: site,
  });
  switch (site.status) {
    case 'generating':
      return {
        kind: 'running',
        observation: {
          ...observe('running'),
          phase: site.generation_phase ?? null,
          message: site.generation_message ?? null,
        },
      };
    case 'failed':
      return {
        kind: 'ended',
        observation: {
          ...observe('failed'),
          error: { code: 'revision_failed', message: site.last_error ?? 'The revision failed.' },
        },
      };
    case 'complete':
    case 'complete_with_warnings':
      if (!base.seenRunning && site.status === base.baseStatus) return { kind: 'pending' };
      return { kind: 'ended', observation: { ...observe('complete'), warnings: mapWarnings(site.warnings) } };
    default:
      return { kind: 'pending' };
  }
}
