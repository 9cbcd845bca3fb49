import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-depth';

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('jsonDepthExceeds', () => {
  it.each<[string, string, number, boolean]>([
    ['a scalar', '42', 0, false],
    ['an object at the limit', '{"a":{"b":1}}', 2, false],
    ['an object past the limit', '{"a":{"b":{}}}', 2, true],
    ['arrays at the limit', nested(64), 64, false],
    ['arrays past the limit', nested(65), 64, true],
    ['brackets inside strings', '{"a":"[[[[{{{{"}', 1, false],
    ['escaped quotes inside strings', '{"a":"\\"[[[["}', 1, false],
    ['an escaped backslash before the closing quote', '{"a":"\\\\","b":[[1]]}', 2, true],
    ['siblings do not add up', '[[1],[2],[3],[4]]', 2, false],
    ['a 100k deep body', nested(100_000), 64, true],
  ])('%s', (_n, text, max, expected) => {
    expect(jsonDepthExceeds(text, max)).toBe(expected);
  });
});
