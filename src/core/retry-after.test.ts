import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');

describe('parseRetryAfter', () => {
  it.each<[string, string | null | undefined, number | null]>([
    ['absent', null, null],
    ['undefined', undefined, null],
    ['empty', '', null],
    ['blank', '   ', null],
    ['zero seconds', '0', 0],
    ['seconds', '120', 120_000],
    ['seconds with spaces around', ' 7 ', 7000],
    ['IMF-fixdate ahead', new Date(NOW + 5_000).toUTCString(), 5_000],
    ['IMF-fixdate in the past', new Date(NOW - 5_000).toUTCString(), 0],
    ['IMF-fixdate literal', 'Mon, 18 May 2026 12:00:30 GMT', 30_000],
    ['RFC 850 date', 'Monday, 18-May-26 12:01:00 GMT', 60_000],
    ['asctime date', 'Mon May 18 12:00:10 2026', 10_000],
    ['a negative number', '-1', null],
    ['a decimal is not delay-seconds', '1.5', null],
    ['a signed number', '+5', null],
    ['a word', 'later', null],
    ['a bare ISO date is not an HTTP-date', '2026-05-18', null],
  ])('%s', (_name, value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});
