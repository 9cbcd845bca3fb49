/** Shared fixtures of the state tracker's tests: observations and a run of them through decide/nextState. */
import { subjectOf } from './event';
import { blankObservation, type Observation } from './observation';
import { decide, nextState, type ResourceState } from './state-tracker';
import type { NormalizedStatus } from './status';

export const NOW = Date.parse('2026-05-18T12:10:00Z');
export const T = (min: number) => new Date(Date.parse('2026-05-18T12:00:00Z') + min * 60_000).toISOString();

export function obs(status: NormalizedStatus, over: Partial<Observation> = {}): Observation {
  return {
    ...blankObservation({
      provider: 'warpweb',
      kind: 'site',
      resourceId: 's1',
      status,
      providerStatus: status,
      observedVia: 'webhook',
    }),
    ...over,
  };
}

/** Applies observations in order, as the recorder does; returns each decision's event type or drop reason. */
export function run(...observations: Observation[]): { outcomes: string[]; state: ResourceState | null } {
  let state: ResourceState | null = null;
  const outcomes: string[] = [];
  observations.forEach((o, i) => {
    const d = decide(state, o, NOW + i);
    if (!d.emit) {
      outcomes.push(`drop:${d.reason}`);
      return;
    }
    outcomes.push(d.type);
    state = nextState(state, o, d, i + 1, `evt_${i}`, subjectOf(o.provider, o.kind, o.resourceId), NOW + i);
  });
  return { outcomes, state };
}

export const running = (phase: string | null, message: string | null = null, over: Partial<Observation> = {}) =>
  obs('running', { phase, message, ...over });
