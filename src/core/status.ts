/** The normalized status of a build (docs/events.md#statuses) and the event type a change maps to (#event-types). */
export const KINDS = ['site', 'revision', 'page', 'blog'] as const;
export type Kind = (typeof KINDS)[number];

export const STATUSES = ['queued', 'running', 'complete', 'complete_with_warnings', 'failed'] as const;
export type NormalizedStatus = (typeof STATUSES)[number];

export const isTerminal = (s: NormalizedStatus): boolean =>
  s === 'complete' || s === 'complete_with_warnings' || s === 'failed';

/** complete and complete_with_warnings both mean the site is live. */
export const isLive = (s: NormalizedStatus): boolean => s === 'complete' || s === 'complete_with_warnings';

/** Order of a build's life: a status never goes back to a lower rank. */
export const statusRank = (s: NormalizedStatus): number => (s === 'queued' ? 0 : s === 'running' ? 1 : 2);

export type TransitionName = 'queued' | 'progress' | 'complete' | 'failed';

export function transitionFor(status: NormalizedStatus): TransitionName {
  if (status === 'queued') return 'queued';
  if (status === 'running') return 'progress';
  return status === 'failed' ? 'failed' : 'complete';
}

export const eventTypeFor = (kind: Kind, status: NormalizedStatus): string => `${kind}.${transitionFor(status)}`;
