import { describe, expect, it } from 'vitest';
import { newTraceparent, parseTraceparent, traceparentFrom } from './traceparent';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('parseTraceparent', () => {
  it.each<[string | undefined, string | null]>([
    [VALID, VALID],
    [` ${VALID.toUpperCase()} `, VALID],
    [
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    ],
    ['01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', VALID],
    [`${VALID}-extra`, null],
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', null],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', null],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', null],
    ['00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01', null],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', null],
    ['00-xbf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', null],
    ['', null],
    [undefined, null],
  ])('%s -> %s', (header, expected) => {
    expect(parseTraceparent(header)).toBe(expected);
  });
});

describe('newTraceparent', () => {
  it('starts a valid, sampled trace, different each time', () => {
    const a = newTraceparent();
    expect(parseTraceparent(a)).toBe(a);
    expect(a).toMatch(/-01$/);
    expect(newTraceparent()).not.toBe(a);
  });

  it('keeps a valid incoming header and replaces an invalid one', () => {
    expect(traceparentFrom(VALID)).toBe(VALID);
    const fresh = traceparentFrom('garbage');
    expect(fresh).not.toBe('garbage');
    expect(parseTraceparent(fresh)).toBe(fresh);
  });
});
