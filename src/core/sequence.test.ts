import { describe, expect, it } from 'vitest';
import { formatSequence, parseSequence } from './sequence';

describe('event sequences', () => {
  it('are 20 digits, so string order is numeric order', () => {
    expect(formatSequence(0)).toBe('00000000000000000000');
    expect(formatSequence(42)).toBe('00000000000000000042');
    const seqs = [1, 9, 10, 99, 100, 123456789];
    const strings = seqs.map(formatSequence);
    expect([...strings].sort()).toEqual(strings);
  });

  it.each([
    ['42', 42],
    ['00000000000000000042', 42],
    ['0', 0],
    ['00000000000000000000', 0],
    ['9007199254740991', 9007199254740991],
  ])('read %s back as %d', (text, n) => {
    expect(parseSequence(text)).toBe(n);
  });

  it.each(['', 'abc', '-1', '1.5', '1e3', '0x10', '1 2', '9'.repeat(16), '0'.repeat(21), '+1'])('refuse %j', (text) => {
    expect(parseSequence(text)).toBeNull();
  });
});
