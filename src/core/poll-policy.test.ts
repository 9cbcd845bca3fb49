import { describe, expect, it } from 'vitest';
import { decidePoll, type PollAction, type PollPolicyInput } from './poll-policy';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');
// random 0.5 means no jitter: delays are the rules' exact values.
const base: PollPolicyInput = {
  outcome: 'reading',
  message: 'm',
  state: 'active',
  failures: 0,
  finished: false,
  pollAfterMs: null,
  now: NOW,
  schedule: { intervalMs: 3000, safetyMs: 30_000, healthy: false, random: 0.5 },
};

describe('decidePoll', () => {
  it.each<[string, Partial<PollPolicyInput>, PollAction]>([
    ['a reading: next poll after the interval', {}, { kind: 'observed', state: 'active', nextPollAt: NOW + 3000 }],
    ['a reading resets the failures', { failures: 4 }, { kind: 'observed', state: 'active', nextPollAt: NOW + 3000 }],
    [
      'a reading while webhooks flow: the safety interval',
      { schedule: { ...base.schedule, healthy: true } },
      { kind: 'observed', state: 'active', nextPollAt: NOW + 30_000 },
    ],
    [
      'a reading with a longer poll_after_ms',
      { pollAfterMs: 8000 },
      { kind: 'observed', state: 'active', nextPollAt: NOW + 8000 },
    ],
    ['a terminal reading ends the watch', { finished: true }, { kind: 'observed', state: 'done', nextPollAt: null }],
    [
      'a reading after the watch expired keeps it expired',
      { state: 'expired' },
      { kind: 'observed', state: 'expired', nextPollAt: null },
    ],
    [
      'a terminal reading ends even an expired watch',
      { state: 'expired', finished: true },
      { kind: 'observed', state: 'done', nextPollAt: null },
    ],
    [
      'not found is observed (as failed) and ends the watch',
      { outcome: 'not_found', finished: true },
      { kind: 'observed', state: 'done', nextPollAt: null },
    ],
    [
      'refused stops an active watch',
      { outcome: 'refused', message: '401: bad key' },
      { kind: 'refused', message: '401: bad key' },
    ],
    ['refused on an ended watch changes nothing', { outcome: 'refused', state: 'done' }, { kind: 'none' }],
    [
      'rate limited stays due',
      { outcome: 'rate_limited', message: 'slow down' },
      { kind: 'stay_due', lastError: 'rate limited: slow down' },
    ],
    [
      'rate limited stays due whatever the state',
      { outcome: 'rate_limited', state: 'error', message: 'x' },
      { kind: 'stay_due', lastError: 'rate limited: x' },
    ],
    [
      'a first fault backs off twice the interval',
      { outcome: 'transient', message: 'HTTP 502' },
      { kind: 'back_off', failures: 1, lastError: 'HTTP 502', nextPollAt: NOW + 6000 },
    ],
    [
      'a third fault backs off 8x',
      { outcome: 'transient', failures: 2 },
      { kind: 'back_off', failures: 3, lastError: 'm', nextPollAt: NOW + 24_000 },
    ],
    [
      'backoff is capped at 5 minutes',
      { outcome: 'transient', failures: 40 },
      { kind: 'back_off', failures: 41, lastError: 'm', nextPollAt: NOW + 300_000 },
    ],
    [
      'poll_after_ms does not apply to a fault',
      { outcome: 'transient', pollAfterMs: 60_000 },
      { kind: 'back_off', failures: 1, lastError: 'm', nextPollAt: NOW + 6000 },
    ],
    ['a fault on an ended watch changes nothing', { outcome: 'transient', state: 'done' }, { kind: 'none' }],
  ])('%s', (_name, over, expected) => {
    expect(decidePoll({ ...base, ...over })).toEqual(expected);
  });
});
