/**
 * One truth per transition (docs/events.md#one-truth-per-transition): given the last applied state of a
 * resource and a new observation from either source, decide whether it is
 * a real change worth one event, and which.
 */
import type { EventData, Progress } from './event';
import type { Observation } from './observation';
import { eventTypeFor, isTerminal, statusRank, type Kind, type NormalizedStatus } from './status';

export interface ResourceState {
  subject: string;
  provider: string;
  kind: Kind;
  resourceId: string;
  status: NormalizedStatus;
  phase: string | null;
  message: string | null;
  progress: Progress | null;
  /** Provider time (ms) of the applied observation, when the provider gave one. */
  providerTime: number | null;
  terminal: boolean;
  lastSeq: number;
  lastEventId: string;
  data: EventData;
  updatedAt: number;
}

export type DropReason = 'terminal' | 'regressed' | 'stale' | 'unchanged';

export type Decision =
  | { emit: false; reason: DropReason }
  | { emit: true; type: string; time: string; data: EventData; providerTime: number | null };

const parseTime = (iso: string | null): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

const sameProgress = (a: Progress | null, b: Progress | null): boolean =>
  a === b ||
  (!!a &&
    !!b &&
    a.total === b.total &&
    a.complete === b.complete &&
    a.running === b.running &&
    a.errored === b.errored);

export function decide(prev: ResourceState | null, obs: Observation, now: number): Decision {
  const providerTime = parseTime(obs.providerTime);
  if (prev) {
    if (prev.terminal) return { emit: false, reason: 'terminal' };
    const rankDelta = statusRank(obs.status) - statusRank(prev.status);
    if (rankDelta < 0) return { emit: false, reason: 'regressed' };
    if (rankDelta === 0) {
      if (providerTime !== null && prev.providerTime !== null && providerTime < prev.providerTime) {
        return { emit: false, reason: 'stale' };
      }
      const changed =
        obs.status === 'running' &&
        (obs.phase !== prev.phase || obs.message !== prev.message || !sameProgress(obs.progress, prev.progress));
      if (!changed) return { emit: false, reason: 'unchanged' };
    }
  }
  return {
    emit: true,
    type: obs.typeOverride ?? eventTypeFor(obs.kind, obs.status),
    time: new Date(providerTime ?? now).toISOString(),
    data: observationData(obs, prev?.data ?? null),
    providerTime,
  };
}

/** The event data of an observation; a URL or site id learned earlier is kept when this one lacks it. */
export function observationData(obs: Observation, prev: EventData | null): EventData {
  return {
    provider: obs.provider,
    kind: obs.kind,
    resource_id: obs.resourceId,
    site_id: obs.siteId ?? prev?.site_id ?? null,
    status: obs.status,
    provider_status: obs.providerStatus,
    phase: obs.phase,
    message: obs.message,
    url: obs.url ?? prev?.url ?? null,
    progress: obs.progress,
    pages: obs.pages,
    warnings: obs.warnings,
    error: obs.error,
    usage: obs.usage ?? prev?.usage ?? null,
    observed_via: obs.observedVia,
    provider_event_id: obs.providerEventId,
    raw: obs.raw,
  };
}

export function nextState(
  prev: ResourceState | null,
  obs: Observation,
  decision: Extract<Decision, { emit: true }>,
  seq: number,
  eventId: string,
  subject: string,
  now: number,
): ResourceState {
  return {
    subject,
    provider: obs.provider,
    kind: obs.kind,
    resourceId: obs.resourceId,
    status: obs.status,
    phase: obs.phase,
    message: obs.message,
    progress: obs.progress,
    providerTime: decision.providerTime ?? prev?.providerTime ?? null,
    terminal: isTerminal(obs.status),
    lastSeq: seq,
    lastEventId: eventId,
    data: decision.data,
    updatedAt: now,
  };
}
