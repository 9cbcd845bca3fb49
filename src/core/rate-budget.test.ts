import { describe, expect, it } from 'vitest';
import { maxInWindow } from '../../test/helpers/max-in-window';
import {
  freshBudget,
  nextAllowedAt,
  parseBudget,
  penalize,
  rulesFor,
  take,
  type BudgetState,
  type RateLimit,
} from './rate-budget';

const WARPWEB: RateLimit[] = [{ limit: 30, windowMs: 60_000 }];
const LINDO: RateLimit[] = [
  { limit: 100, windowMs: 60_000 },
  { limit: 1000, windowMs: 3_600_000 },
];

/** Sends whenever the budget allows, for `ms`, trying every `stepMs`; returns the send times. */
function greedy(limits: RateLimit[], ms: number, stepMs: number, start = 1_000_000): number[] {
  const rules = rulesFor(limits);
  let s: BudgetState = freshBudget(rules);
  const sent: number[] = [];
  for (let t = start; t < start + ms; t += stepMs) {
    // Several callers at the same instant: only what the budget allows goes.
    for (let k = 0; k < 5; k++) {
      const r = take(s, rules, t);
      if (!r.ok) break;
      s = r.state;
      sent.push(t);
    }
  }
  return sent;
}

describe('rulesFor', () => {
  it.each([
    ['Warpweb 30/min paces every 60/26 s', WARPWEB, [{ intervalMs: 60_000 / 26, capacity: 1 }]],
    [
      'Lindo 100/min paces, 1000/h allows a burst of 90 and sustains 810/h',
      LINDO,
      [
        { intervalMs: 60_000 / 89, capacity: 1 },
        { intervalMs: 3_600_000 / 810, capacity: 90 },
      ],
    ],
  ])('%s', (_name, limits, rules) => {
    expect(rulesFor(limits)).toEqual(rules);
  });
});

describe('a greedy sender never exceeds the documented limits, with 10 % headroom', () => {
  it.each([
    ['Warpweb, 1 h, every 10 ms', WARPWEB, 3_600_000, 10],
    ['Lindo, 3 h, every 50 ms', LINDO, 3 * 3_600_000, 50],
  ])('%s', (_name, limits, ms, step) => {
    const sent = greedy(limits, ms, step);
    for (const l of limits) expect(maxInWindow(sent, l.windowMs)).toBeLessThanOrEqual(Math.floor(l.limit * 0.9));
    // Spread out: consecutive requests are never closer than the pacing interval.
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(
      Math.floor(60_000 / (Math.floor(limits[0]!.limit * 0.9) - 1)) - step,
    );
  });

  it('uses the budget it has: Warpweb gets 27 a minute, Lindo 900 an hour', () => {
    expect(greedy(WARPWEB, 600_000, 10).length).toBeGreaterThanOrEqual(260);
    expect(greedy(LINDO, 3_600_000, 50).length).toBeGreaterThanOrEqual(880);
  });
});

describe('take / nextAllowedAt', () => {
  const rules = rulesFor(WARPWEB);
  it('allows the first request at once and the next one a pacing interval later', () => {
    const first = take(freshBudget(rules), rules, 1000);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(take(first.state, rules, 1001)).toEqual({ ok: false, at: 1000 + 60_000 / 26 });
    expect(nextAllowedAt(first.state, rules, 1001)).toBe(1000 + 60_000 / 26);
  });
});

describe('penalize (429)', () => {
  const rules = rulesFor(WARPWEB);
  it.each([
    ['Retry-After 20 s', 20_000, 21_000],
    ['no Retry-After: a minute', null, 61_000],
    ['a negative wait counts as none', -5, 1000],
    ['an absurd wait is capped at an hour', 99_999_999, 3_601_000],
  ])('%s', (_name, retryAfter, blockedUntil) => {
    const s = penalize(freshBudget(rules), 1000, retryAfter);
    expect(s.blockedUntil).toBe(blockedUntil);
    expect(nextAllowedAt(s, rules, 1000)).toBe(blockedUntil);
    expect(s.slowFactor).toBe(2);
  });

  it('slows the key: double spacing after a 429, doubling again on a second one, back to normal later', () => {
    const once = penalize(freshBudget(rules), 0, 0);
    const twice = penalize(once, 10, 0);
    expect(twice.slowFactor).toBe(4);
    const r = take(twice, rules, 20);
    expect(r.ok && nextAllowedAt(r.state, rules, 20)).toBe(20 + (4 * 60_000) / 26);
    const later = twice.slowUntil + 1;
    const r2 = take(twice, rules, later);
    expect(r2.ok && nextAllowedAt(r2.state, rules, later)).toBe(later + 60_000 / 26);
  });
});

describe('parseBudget', () => {
  const rules = rulesFor(LINDO);
  it('round-trips a state and resets anything unreadable', () => {
    const s: BudgetState = { tat: [5, 6], blockedUntil: 7, slowFactor: 2, slowUntil: 8 };
    expect(parseBudget(JSON.stringify(s), rules, 0)).toEqual(s);
    expect(parseBudget('{nope', rules, 0)).toEqual(freshBudget(rules));
    expect(parseBudget(undefined, rules, 0)).toEqual(freshBudget(rules));
    expect(parseBudget('{"tat":["x"],"slowFactor":1e9}', rules, 0)).toEqual({
      tat: [0, 0],
      blockedUntil: 0,
      slowFactor: 8,
      slowUntil: 0,
    });
  });
  it('never keeps a key blocked beyond an hour (a clock that jumped back)', () => {
    const s = parseBudget(JSON.stringify({ tat: [0, 0], blockedUntil: 1e15, slowFactor: 1, slowUntil: 0 }), rules, 0);
    expect(s.blockedUntil).toBe(3_600_000);
  });
});
