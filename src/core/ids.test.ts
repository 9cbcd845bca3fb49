import { describe, expect, it } from 'vitest';
import { newId, ulid } from './ids';

describe('ids', () => {
  it('are <prefix>_ + 26 Crockford base32 characters', () => {
    expect(newId('evt')).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sort by creation time', () => {
    const times = [0, 1, 31, 32, 1_000, 1_700_000_000_000, 1_700_000_000_001, 1_779_105_900_000, 2 ** 48 - 1];
    const ids = times.map((t) => newId('evt', t));
    expect([...ids].sort()).toEqual(ids);
    expect(ulid(0).slice(0, 10)).toBe('0000000000');
    expect(ulid(2 ** 48 - 1).slice(0, 10)).toBe('7ZZZZZZZZZ');
  });

  it('keep creation order within one millisecond', () => {
    const ids = Array.from({ length: 1_000 }, () => newId('wat', 1_779_105_900_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(4, 14)))).toEqual(new Set([ulid(1_779_105_900_000).slice(0, 10)]));
  });

  it('are unique, even within one millisecond', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('evt', 1_779_105_900_000)));
    expect(ids.size).toBe(20_000);
  });
});
