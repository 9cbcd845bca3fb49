/** A retry schedule's text form, `5s,30s,2m` (docs/configuration.md#rules): the env default and per-subscription values share it. */
import { formatDuration, parseDuration } from './duration';

export const SCHEDULE_SYNTAX = 'expected durations like 5s,30s,2m,1h';

/** The delays in ms, or null when any entry is not a positive duration. */
export function parseSchedule(text: string): number[] | null {
  const ms = text.split(',').map((p) => parseDuration(p.trim()));
  if (ms.length === 0 || ms.some((x) => x === null || x <= 0)) return null;
  return ms as number[];
}

export const formatSchedule = (ms: readonly number[]): string => ms.map(formatDuration).join(',');
