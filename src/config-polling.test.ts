import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('polling configuration', () => {
  it('defaults to the documented provider limits and intervals', () => {
    const c = loadConfig({});
    expect(c.warpweb.rateLimits).toEqual([{ limit: 30, windowMs: 60_000 }]);
    expect(c.lindo.rateLimits).toEqual([
      { limit: 100, windowMs: 60_000 },
      { limit: 1000, windowMs: 3_600_000 },
    ]);
    expect([c.pollIntervalMs, c.pollSafetyMs, c.pollTimeoutMs, c.watchDeadlineS]).toEqual([3000, 30_000, 10_000, 3600]);
  });

  it('reads limits like 60/1m or 100/1m,1000/1h', () => {
    expect(loadConfig({ WARPWEB_RATE_LIMIT: '60/1m' }).warpweb.rateLimits).toEqual([{ limit: 60, windowMs: 60_000 }]);
    expect(loadConfig({ LINDO_RATE_LIMIT: ' 50/30s , 500/1h ' }).lindo.rateLimits).toEqual([
      { limit: 50, windowMs: 30_000 },
      { limit: 500, windowMs: 3_600_000 },
    ]);
  });

  it.each([
    ['WARPWEB_RATE_LIMIT', 'thirty'],
    ['WARPWEB_RATE_LIMIT', '30/minute'],
    ['LINDO_RATE_LIMIT', '2/1m'],
    ['LINDO_RATE_LIMIT', '100/1m,'],
    ['SITEWIRE_POLL_INTERVAL_MS', '49'],
    ['SITEWIRE_POLL_TIMEOUT_MS', 'soon'],
  ])('%s=%s fails with one line naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^invalid configuration: ${name}: `));
  });
});
