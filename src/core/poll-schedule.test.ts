import { describe, expect, it } from 'vitest';
import { pollDelay, webhooksHealthy, type DelayInput } from './poll-schedule';

const base: DelayInput = {
  intervalMs: 3000,
  safetyMs: 30_000,
  healthy: false,
  pollAfterMs: null,
  failures: 0,
  random: 0.5,
};

describe('pollDelay', () => {
  it.each<[string, Partial<DelayInput>, number]>([
    ['webhooks not flowing: the fast interval', {}, 3000],
    ['webhooks healthy: the safety interval', { healthy: true }, 30_000],
    ['poll_after_ms larger than the interval wins', { pollAfterMs: 8000 }, 8000],
    ['poll_after_ms smaller than the interval is ignored', { pollAfterMs: 1000 }, 3000],
    ['poll_after_ms smaller than the safety interval is ignored', { healthy: true, pollAfterMs: 8000 }, 30_000],
    ['one failure doubles', { failures: 1 }, 6000],
    ['three failures: 8x', { failures: 3 }, 24_000],
    ['backoff is capped at 5 minutes', { failures: 30 }, 300_000],
    ['a base above the cap is kept, not shortened', { intervalMs: 600_000, failures: 2 }, 600_000],
    ['jitter low end: -10 %', { random: 0 }, 2700],
    ['jitter high end: +10 %', { random: 0.999999 }, 3300],
  ])('%s', (_name, over, expected) => {
    expect(pollDelay({ ...base, ...over })).toBe(expected);
  });
});

describe('webhooksHealthy', () => {
  it.each<[string, number | null, number, boolean]>([
    ['never seen', null, 1000, false],
    ['seen just now', 1000, 1000, true],
    ['seen exactly 10 minutes ago', 0, 600_000, true],
    ['seen 10 minutes and 1 ms ago', 0, 600_001, false],
  ])('%s', (_name, seen, now, healthy) => {
    expect(webhooksHealthy(seen, now)).toBe(healthy);
  });
});
