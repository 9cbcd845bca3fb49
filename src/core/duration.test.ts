import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each<[string, number | null]>([
    ['500ms', 500],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['24h', 86_400_000],
    ['1d', 86_400_000],
    [' 30s ', 30_000],
    ['0s', 0],
    ['5', null],
    ['s', null],
    ['-5s', null],
    ['5 s', null],
    ['5sec', null],
    ['5S', null],
    ['1e3ms', null],
    ['', null],
  ])('%j -> %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [500, '500ms'],
    [1500, '1500ms'],
    [5000, '5s'],
    [90_000, '90s'],
    [120_000, '2m'],
    [3_600_000, '1h'],
    [86_400_000, '1d'],
  ])('%i -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
