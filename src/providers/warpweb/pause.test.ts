import { describe, expect, it } from 'vitest';
import { decidePause, PAUSE_DUE_AHEAD_MS, PAUSE_WINDOW_MS, type PauseFacts, type PauseMemory } from './pause';

const R = Date.parse('2026-05-18T12:00:00Z');
const CHECK = 6 * 3_600_000;
const free = (pauseState: 'active' | 'paused', lastRefreshedAt = R): PauseFacts => ({
  tier: 'free_subdomain',
  lastRefreshedAt,
  pauseState,
});
const mem = (pauseState: string | null, pauseDueFor: number | null = null): PauseMemory => ({
  pauseState,
  lastRefreshedAt: R,
  pauseDueFor,
});
const DUE = R + PAUSE_WINDOW_MS - PAUSE_DUE_AHEAD_MS;
const PAUSE = R + PAUSE_WINDOW_MS;

describe('decidePause', () => {
  it.each<[string, PauseMemory, PauseFacts, number, string[], number | null]>([
    ['early: nothing, next check at the low rate', mem('active'), free('active'), R + 1000, [], R + 1000 + CHECK],
    ['just before due: next check exactly at due', mem('active'), free('active'), DUE - 1000, [], DUE],
    ['due: pause_due, low rate after', mem('active'), free('active'), DUE, ['site.pause_due'], DUE + CHECK],
    ['due already sent: nothing again', mem('active', R), free('active'), DUE + 1000, [], DUE + 1000 + CHECK],
    ['close to the pause: next check at the pause', mem('active', R), free('active'), PAUSE - 1000, [], PAUSE],
    ['paused: site.paused, low rate after', mem('active', R), free('paused'), PAUSE, ['site.paused'], PAUSE + CHECK],
    ['still paused: nothing', mem('paused', R), free('paused'), PAUSE + CHECK, [], PAUSE + 2 * CHECK],
    ['paused before due was sent: only paused', mem('active'), free('paused'), PAUSE, ['site.paused'], PAUSE + CHECK],
    ['first check of a paused site', mem(null), free('paused'), PAUSE, ['site.paused'], PAUSE + CHECK],
    ['refreshed: resumed', mem('paused', R), free('active', PAUSE), PAUSE, ['site.resumed'], PAUSE + CHECK],
    [
      'paid: stop checking',
      mem(null),
      { tier: 'paid_custom_domain', lastRefreshedAt: null, pauseState: null },
      R,
      [],
      null,
    ],
  ])('%s', (_name, prev, facts, now, events, next) => {
    const d = decidePause(prev, facts, now, CHECK);
    expect(d.events).toEqual(events);
    expect(d.nextCheckAt).toBe(next);
  });

  it('a new refresh window gets its own pause_due', () => {
    const later = R + 3 * PAUSE_WINDOW_MS;
    const d = decidePause(mem('active', R), free('active', later), later + PAUSE_WINDOW_MS - PAUSE_DUE_AHEAD_MS, CHECK);
    expect(d.events).toEqual(['site.pause_due']);
    expect(d.memory.pauseDueFor).toBe(later);
  });
});
