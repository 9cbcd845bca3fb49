/**
 * What a provider adapter tells the relay, from a webhook or a poll:
 * a state observation (goes through the state tracker) or a direct event
 * (form submissions, pass-through types), emitted as it is.
 */
import type { EventData, ObservedVia, PageInfo, Progress, Usage, Warning } from './event';
import type { Kind, NormalizedStatus } from './status';

export interface Observation {
  provider: string;
  kind: Kind;
  resourceId: string;
  status: NormalizedStatus;
  providerStatus: string;
  phase: string | null;
  message: string | null;
  url: string | null;
  progress: Progress | null;
  pages: PageInfo[] | null;
  warnings: Warning[] | null;
  error: { code: string; message: string } | null;
  usage: Usage | null;
  siteId: string | null;
  /** The provider's own time for this state (occurred_at, updated_at), ISO; null when it gives none. */
  providerTime: string | null;
  observedVia: ObservedVia;
  providerEventId: string | null;
  raw: unknown;
  /** Emit under this type instead of `<kind>.<transition>` (e.g. revision.clarification_needed). */
  typeOverride?: string;
}

export interface StateSignal {
  signal: 'state';
  observation: Observation;
  /**
   * A hint is a webhook that says "look now" (Lindo): when a watch follows the
   * resource, the relay polls it at once and emits what the status API says;
   * otherwise the observation itself is emitted.
   */
  hint?: boolean;
  /** Other ids the provider may know this resource by (Lindo website_id, page_id). */
  aliases?: string[];
}

export interface EventSignal {
  signal: 'event';
  type: string;
  subject: string;
  provider: string;
  time: string | null;
  data: EventData;
}

export type Signal = StateSignal | EventSignal;

export function blankObservation(
  base: Pick<Observation, 'provider' | 'kind' | 'resourceId' | 'status' | 'providerStatus' | 'observedVia'>,
): Observation {
  return {
    ...base,
    phase: null,
    message: null,
    url: null,
    progress: null,
    pages: null,
    warnings: null,
    error: null,
    usage: null,
    siteId: null,
    providerTime: null,
    providerEventId: null,
    raw: null,
  };
}
