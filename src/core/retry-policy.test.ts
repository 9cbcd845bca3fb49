import { describe, expect, it } from 'vitest';
import { decideOutcome, FAILING_DISABLE_MS, type AttemptResult, type Outcome } from './retry-policy';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');
const SCHEDULE = [5_000, 30_000, 120_000];
const res = (status: number, retryAfter?: string): AttemptResult => ({ kind: 'response', status, retryAfter });
const DAY = 86_400_000;

describe('decideOutcome', () => {
  it.each<[string, AttemptResult, number, number | null, Outcome]>([
    ['200', res(200), 1, null, { kind: 'delivered' }],
    ['204 on the last attempt', res(204), 4, NOW - DAY, { kind: 'delivered' }],
    ['299', res(299), 2, null, { kind: 'delivered' }],
    ['500 first attempt', res(500), 1, null, { kind: 'retry', at: NOW + 5_000 }],
    ['500 second attempt', res(500), 2, NOW - 1000, { kind: 'retry', at: NOW + 30_000 }],
    ['500 third attempt', res(500), 3, null, { kind: 'retry', at: NOW + 120_000 }],
    [
      '500 after the last delay',
      res(500),
      4,
      null,
      { kind: 'dead', reason: 'gave up after 4 attempts (last: HTTP 500)' },
    ],
    ['302 is not followed, it fails', res(302), 1, null, { kind: 'retry', at: NOW + 5_000 }],
    ['400', res(400), 1, null, { kind: 'retry', at: NOW + 5_000 }],
    ['410 disables at once', res(410), 1, null, { kind: 'disabled', reason: 'the receiver answered 410 Gone' }],
    ['timeout', { kind: 'timeout' }, 1, null, { kind: 'retry', at: NOW + 5_000 }],
    [
      'timeout, last',
      { kind: 'timeout' },
      4,
      null,
      { kind: 'dead', reason: 'gave up after 4 attempts (last: timed out)' },
    ],
    ['network error', { kind: 'network', message: 'connection refused' }, 2, null, { kind: 'retry', at: NOW + 30_000 }],
    [
      'forbidden target',
      { kind: 'forbidden', message: 'resolves to 10.0.0.1 (private)' },
      1,
      null,
      { kind: 'retry', at: NOW + 5_000 },
    ],
    ['429 with a longer Retry-After', res(429, '60'), 1, null, { kind: 'retry', at: NOW + 60_000 }],
    ['429 with a shorter Retry-After', res(429, '1'), 2, null, { kind: 'retry', at: NOW + 30_000 }],
    [
      '503 with an HTTP-date Retry-After',
      res(503, new Date(NOW + 600_000).toUTCString()),
      1,
      null,
      { kind: 'retry', at: NOW + 600_000 },
    ],
    [
      '503 with an absurd Retry-After is capped at a day',
      res(503, '999999999'),
      1,
      null,
      { kind: 'retry', at: NOW + DAY },
    ],
    ['500 ignores Retry-After', res(500, '60'), 1, null, { kind: 'retry', at: NOW + 5_000 }],
    ['429 with junk Retry-After', res(429, 'soon'), 1, null, { kind: 'retry', at: NOW + 5_000 }],
    [
      '429 on the last attempt is dead anyway',
      res(429, '60'),
      4,
      null,
      { kind: 'dead', reason: 'gave up after 4 attempts (last: HTTP 429)' },
    ],
    ['failing for just under 5 days', res(500), 1, NOW - FAILING_DISABLE_MS + 1, { kind: 'retry', at: NOW + 5_000 }],
    [
      'failing for 5 days',
      res(500),
      1,
      NOW - FAILING_DISABLE_MS,
      { kind: 'disabled', reason: 'every delivery has failed for 5 days' },
    ],
    ['a success after 5 days of failures still counts', res(200), 1, NOW - 6 * DAY, { kind: 'delivered' }],
  ])('%s', (_name, result, attempt, failingSince, expected) => {
    expect(decideOutcome({ result, attempt, scheduleMs: SCHEDULE, now: NOW, failingSince })).toEqual(expected);
  });

  it('an empty schedule means one attempt', () => {
    expect(decideOutcome({ result: res(500), attempt: 1, scheduleMs: [], now: NOW, failingSince: null }).kind).toBe(
      'dead',
    );
  });
});
