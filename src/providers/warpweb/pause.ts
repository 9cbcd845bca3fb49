/**
 * Free-tier pause (docs/api.md#free-tier-pause): a `free_subdomain` site is paused 7 days after its
 * `last_refreshed_at` unless refreshed. From what one check of the site reads and what the relay
 * remembers, decide the events (`site.pause_due` once per refresh window, 24 h ahead;
 * `site.paused` / `site.resumed` on each change of `pause_state`) and when to look again. Pure.
 */
import type { SiteStatus } from './status-schema';

export const PAUSE_WINDOW_MS = 7 * 86_400_000;
export const PAUSE_DUE_AHEAD_MS = 86_400_000;

export type PauseEventType = 'site.pause_due' | 'site.paused' | 'site.resumed';

export interface PauseFacts {
  tier: string | null;
  lastRefreshedAt: number | null;
  pauseState: 'active' | 'paused' | null;
}

export interface PauseMemory {
  pauseState: string | null;
  lastRefreshedAt: number | null;
  /** The last_refreshed_at whose pause_due was emitted. */
  pauseDueFor: number | null;
}

export interface PauseDecision {
  events: PauseEventType[];
  memory: PauseMemory;
  /** null: not a free-tier site, nothing to follow. */
  nextCheckAt: number | null;
  pauseAt: number | null;
}

const time = (iso: string | null | undefined): number | null => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : null;
};

export function pauseFacts(site: SiteStatus): PauseFacts {
  const state = site.pause_state === 'active' || site.pause_state === 'paused' ? site.pause_state : null;
  return { tier: site.hosting_tier ?? null, lastRefreshedAt: time(site.last_refreshed_at), pauseState: state };
}

export const pauseAtOf = (lastRefreshedAt: number | null): number | null =>
  lastRefreshedAt === null ? null : lastRefreshedAt + PAUSE_WINDOW_MS;

export function decidePause(prev: PauseMemory, facts: PauseFacts, now: number, checkMs: number): PauseDecision {
  const memory: PauseMemory = { ...prev, pauseState: facts.pauseState, lastRefreshedAt: facts.lastRefreshedAt };
  if (facts.tier !== 'free_subdomain') return { events: [], memory, nextCheckAt: null, pauseAt: null };
  const events: PauseEventType[] = [];
  if (facts.pauseState === 'paused' && prev.pauseState !== 'paused') events.push('site.paused');
  if (facts.pauseState === 'active' && prev.pauseState === 'paused') events.push('site.resumed');

  const pauseAt = pauseAtOf(facts.lastRefreshedAt);
  const dueAt = pauseAt === null ? null : pauseAt - PAUSE_DUE_AHEAD_MS;
  const dueSent = facts.lastRefreshedAt !== null && prev.pauseDueFor === facts.lastRefreshedAt;
  if (facts.pauseState !== 'paused' && dueAt !== null && now >= dueAt && !dueSent) {
    events.push('site.pause_due');
    memory.pauseDueFor = facts.lastRefreshedAt;
  }
  // Look again at the low rate, but no later than the moment the next event can become true.
  const moments = [now + checkMs];
  if (facts.pauseState !== 'paused') {
    if (dueAt !== null && dueAt > now && memory.pauseDueFor !== facts.lastRefreshedAt) moments.push(dueAt);
    if (pauseAt !== null && pauseAt > now) moments.push(pauseAt);
  }
  return { events, memory, nextCheckAt: Math.min(...moments), pauseAt };
}
