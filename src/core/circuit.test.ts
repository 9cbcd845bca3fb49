import { describe, expect, it } from 'vitest';
import { afterAttempt, circuitGate, CLOSED, type CircuitGate, type CircuitState } from './circuit';

const NOW = 1_000_000;
const SETTING = { failures: 3, cooldownS: 10 };
const st = (consecutiveFailures: number, openUntil: number | null = null, probeUntil: number | null = null) => ({
  consecutiveFailures,
  openUntil,
  probeUntil,
});

describe('circuitGate', () => {
  it.each<[string, CircuitState, CircuitGate]>([
    ['closed', st(2), { kind: 'closed' }],
    ['open during the cooldown', st(3, NOW + 1), { kind: 'open', until: NOW + 1 }],
    ['one probe once the cooldown is over', st(3, NOW), { kind: 'probe' }],
    ['no second attempt while the probe runs', st(3, NOW - 5, NOW + 7), { kind: 'open', until: NOW + 7 }],
    ['a lost probe lets another go', st(3, NOW - 5, NOW), { kind: 'probe' }],
  ])('%s', (_name, state, gate) => {
    expect(circuitGate(SETTING, state, NOW)).toEqual(gate);
  });

  it('is always closed without a setting', () => {
    expect(circuitGate(null, st(9, NOW + 1), NOW)).toEqual({ kind: 'closed' });
  });
});

describe('afterAttempt', () => {
  it.each<[string, CircuitState, boolean, CircuitState, 'opened' | 'closed' | null]>([
    ['a failure counts', st(0), false, st(1), null],
    ['the last failure allowed opens it', st(2), false, st(3, NOW + 10_000), 'opened'],
    ['a success resets the count', st(2), true, CLOSED, null],
    ['a failed probe opens it again, no new transition', st(3, NOW - 1, NOW + 5), false, st(4, NOW + 10_000), null],
    ['a successful probe closes it', st(3, NOW - 1, NOW + 5), true, CLOSED, 'closed'],
    ['an attempt started before it opened does not extend the cooldown', st(3, NOW + 9), false, st(4, NOW + 9), null],
  ])('%s', (_name, before, ok, after, transition) => {
    expect(afterAttempt(SETTING, before, ok, NOW)).toEqual({ state: after, transition });
  });

  it('only counts without a setting', () => {
    expect(afterAttempt(null, st(99), false, NOW)).toEqual({ state: st(100), transition: null });
  });
});
