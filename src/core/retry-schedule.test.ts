import { describe, expect, it } from 'vitest';
import { formatSchedule, parseSchedule } from './retry-schedule';

describe('retry schedules', () => {
  it.each<[string, number[] | null]>([
    ['5s,30s,2m', [5_000, 30_000, 120_000]],
    [' 50ms , 1h ', [50, 3_600_000]],
    ['0.5s', [500]],
    ['', null],
    ['5s,', null],
    ['0s', null],
    ['5 seconds', null],
    ['-1s', null],
  ])('%j -> %j', (text, ms) => {
    expect(parseSchedule(text)).toEqual(ms);
  });

  it('formats back to the same syntax', () => {
    expect(formatSchedule([500, 5_000, 120_000, 86_400_000])).toBe('500ms,5s,2m,1d');
    expect(parseSchedule(formatSchedule([1500, 90_000]))).toEqual([1500, 90_000]);
  });
});
