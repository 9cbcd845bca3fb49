/**
 * A subscription's circuit (docs/api.md#delivery-settings), as pure decisions: after
 * `failures` consecutive failed attempts it opens and nothing is attempted for the
 * cooldown; then one probe attempt decides: success closes it, failure opens it again.
 */
export interface CircuitSetting {
  failures: number;
  cooldownS: number;
}

export interface CircuitState {
  /** Failed attempts since the last success (counted with or without a circuit). */
  consecutiveFailures: number;
  /** Set while the circuit is open (or half-open, once this time has passed). */
  openUntil: number | null;
  /** While a probe attempt runs: until when its claim holds (a lost probe lets another go after it). */
  probeUntil: number | null;
}

export const CLOSED: CircuitState = { consecutiveFailures: 0, openUntil: null, probeUntil: null };

/** May attempts start now: all of them, none until a time, or exactly one probe. */
export type CircuitGate = { kind: 'closed' } | { kind: 'open'; until: number } | { kind: 'probe' };

export function circuitGate(setting: CircuitSetting | null, s: CircuitState, now: number): CircuitGate {
  if (!setting || s.openUntil === null) return { kind: 'closed' };
  if (now < s.openUntil) return { kind: 'open', until: s.openUntil };
  if (s.probeUntil !== null && now < s.probeUntil) return { kind: 'open', until: s.probeUntil };
  return { kind: 'probe' };
}

/** What an attempt's result does to the circuit; `opened` and `closed` are the transitions worth an event. */
export function afterAttempt(
  setting: CircuitSetting | null,
  s: CircuitState,
  succeeded: boolean,
  now: number,
): { state: CircuitState; transition: 'opened' | 'closed' | null } {
  if (succeeded) return { state: CLOSED, transition: s.openUntil !== null ? 'closed' : null };
  const failures = s.consecutiveFailures + 1;
  if (!setting) return { state: { ...s, consecutiveFailures: failures }, transition: null };
  const open = { consecutiveFailures: failures, openUntil: now + setting.cooldownS * 1000, probeUntil: null };
  // The probe failed: another cooldown (still open, no new transition).
  if (s.probeUntil !== null) return { state: open, transition: null };
  // An attempt that started before the circuit opened: counted, the cooldown stands.
  if (s.openUntil !== null) return { state: { ...s, consecutiveFailures: failures }, transition: null };
  if (failures >= setting.failures) return { state: open, transition: 'opened' };
  return { state: { ...s, consecutiveFailures: failures }, transition: null };
}
