/**
 * What one reading of a free-tier site does to its pause follow-up, inside the caller's write:
 * the pure decision (providers/warpweb/pause.ts), its events, the remembered state and the next check.
 */
import { emptyData, subjectOf } from '../../core/event';
import type { EventSignal } from '../../core/observation';
import { decidePause, pauseAtOf, pauseFacts, type PauseEventType } from '../../providers/warpweb/pause';
import type { SiteStatus } from '../../providers/warpweb/status-schema';
import type { Followup } from '../../storage/followups-store';
import type { Writer } from '../recorder';
import type { WatchDeps } from '../watches/deps';

const MESSAGES: Record<PauseEventType, string> = {
  'site.pause_due': 'The free-tier site is paused in 24 hours unless it is refreshed.',
  'site.paused': 'The free-tier site is paused: visitors see a placeholder until it is refreshed.',
  'site.resumed': 'The free-tier site is live again.',
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function pauseEvent(
  type: PauseEventType,
  siteId: string,
  site: SiteStatus,
  url: string | null,
  memory: { pauseState: string | null; lastRefreshedAt: number | null },
): Omit<EventSignal, 'signal'> {
  return {
    type,
    subject: subjectOf('warpweb', 'site', siteId),
    provider: 'warpweb',
    time: null,
    data: {
      ...emptyData('warpweb', type === 'site.pause_due' ? 'relay' : 'poll'),
      kind: 'site',
      resource_id: siteId,
      site_id: siteId,
      provider_status: site.status,
      message: MESSAGES[type],
      url: site.deployment_url ?? url,
      raw: site,
      pause_state: memory.pauseState,
      pause_at: iso(pauseAtOf(memory.lastRefreshedAt)),
      last_refreshed_at: iso(memory.lastRefreshedAt),
    },
  };
}

/** Applies one reading of the site; a site that is not free-tier stops being checked. */
export function applyPauseReading(deps: WatchDeps, f: Followup, site: SiteStatus, w: Writer): void {
  const url = deps.store.watches.get(f.watchId)?.url ?? null;
  // A checked site's watch is in use: retention keeps it (only DELETE /v1/watches/:id ends the checks).
  deps.store.watches.patch(f.watchId, { updatedAt: w.now });
  const d = decidePause(f, pauseFacts(site), w.now, deps.config.pauseCheckS * 1000);
  if (d.nextCheckAt === null) {
    deps.store.followups.delete(f.watchId);
    return;
  }
  for (const type of d.events) w.emit(pauseEvent(type, f.siteId, site, url, d.memory));
  deps.store.followups.patch(f.watchId, {
    ...d.memory,
    hostingTier: site.hosting_tier ?? null,
    nextCheckAt: d.nextCheckAt,
    checks: f.checks + 1,
    updatedAt: w.now,
  });
}
