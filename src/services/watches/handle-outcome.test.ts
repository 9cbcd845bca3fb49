/** Each poll outcome over a real in-memory SQLite store: the events, the watch row, the counters, the budget. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { labelsOfKey } from '../../core/metrics';
import { blankObservation } from '../../core/observation';
import type { NormalizedStatus } from '../../core/status';
import { silentLogger } from '../../log';
import type { PollOutcome } from '../../providers/poll-response';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import type { Watch } from '../../storage/watches-store';
import { createRecorder } from '../recorder';
import { createTicker } from '../ticker';
import { localBudget } from './budget';
import { handleOutcome } from './handle-outcome';
import { watchMetrics } from './metrics';
import { mirrorOntoWatch } from './mirror';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');
const INTERVAL = 3000;

const watchRow = (over: Partial<Watch> = {}): Watch => ({
  id: 'wat_1',
  provider: 'warpweb',
  kind: 'site',
  resourceId: 's1',
  subject: 'warpweb/site/s1',
  state: 'active',
  status: null,
  phase: null,
  message: null,
  progress: null,
  url: null,
  polls: 3,
  failures: 2,
  urgent: true,
  webhookSeen: false,
  origin: 'api',
  lastPolledAt: null,
  nextPollAt: NOW,
  deadlineAt: NOW + 3_600_000,
  lastError: 'earlier',
  metadata: null,
  createdAt: NOW - 60_000,
  updatedAt: NOW - 60_000,
  ...over,
});

const reading = (status: NormalizedStatus, phase: string | null = null): PollOutcome => ({
  kind: 'reading',
  reading: {
    observation: {
      ...blankObservation({
        provider: 'warpweb',
        kind: 'site',
        resourceId: 's1',
        status,
        providerStatus: status,
        observedVia: 'poll',
      }),
      phase,
    },
    pollAfterMs: null,
    aliases: [],
  },
});

function setup(watch: Watch | null = watchRow()) {
  const store = createStore(openNodeSqlite(':memory:'));
  const now = () => NOW;
  const config = loadConfig({ SITEWIRE_POLL_INTERVAL_MS: String(INTERVAL) });
  const pipeline = { inTransaction: [mirrorOntoWatch(store)], afterCommit: [] };
  const recorder = createRecorder({ store, now, pipeline });
  const ticker = createTicker({ tasks: [], arm: () => {}, now, logger: silentLogger });
  // random 0.5: no jitter, so the next poll times are exact.
  const deps = { config, store, recorder, ticker, fetch, now, logger: silentLogger, random: () => 0.5 };
  const budget = localBudget(store, 'warpweb', [{ limit: 100, windowMs: 60_000 }]);
  const metrics = watchMetrics(store, ['warpweb']);
  if (watch) store.watches.insert(watch);
  const handle = (outcome: PollOutcome, attempts = 1) =>
    handleOutcome({ deps, budget, metrics }, watchRow(), { outcome, attempts });
  const events = () =>
    store.events.after(0, {}, 100).map((e) => JSON.parse(e.json) as { type: string; data: Record<string, any> });
  const polls = () =>
    store.counters.series('sitewire_provider_polls_total').map((r) => [labelsOfKey(r.labels).outcome, r.value]);
  return { store, budget, handle, events, polls, watch: () => store.watches.get('wat_1') };
}

describe('handleOutcome', () => {
  it('a reading: the event, the watch mirrors it, failures reset, next poll after the interval', async () => {
    const t = setup();
    await t.handle(reading('running', 'deploying'), 2);
    expect(t.events().map((e) => [e.type, e.data.phase])).toEqual([['site.progress', 'deploying']]);
    expect(t.watch()).toMatchObject({
      state: 'active',
      status: 'running',
      phase: 'deploying',
      polls: 5,
      failures: 0,
      lastError: null,
      urgent: false,
      lastPolledAt: NOW,
      nextPollAt: NOW + INTERVAL,
    });
    expect(t.polls()).toEqual([
      ['ok', 1],
      ['transient', 1],
    ]);
  });

  it('a terminal reading ends the watch', async () => {
    const t = setup();
    await t.handle(reading('complete'));
    expect(t.events().map((e) => e.type)).toEqual(['site.complete']);
    expect(t.watch()).toMatchObject({ state: 'done', status: 'complete', nextPollAt: null, urgent: false });
  });

  it('not found: a failed event with error not_found, and the watch ends', async () => {
    const t = setup();
    await t.handle({ kind: 'not_found', message: 'Site not found' });
    const error = { code: 'not_found', message: 'Site not found' };
    expect(t.events().map((e) => [e.type, e.data.error])).toEqual([['site.failed', error]]);
    expect(t.watch()).toMatchObject({ state: 'done', status: 'failed', nextPollAt: null });
  });

  it('refused credentials: the watch stops in error and a watch.error event says why', async () => {
    const t = setup();
    await t.handle({ kind: 'refused', status: 401, message: '401: invalid key' });
    expect(t.events().map((e) => [e.type, e.data.error, e.data.watch_id])).toEqual([
      ['watch.error', { code: 'credentials_refused', message: '401: invalid key' }, 'wat_1'],
    ]);
    expect(t.watch()).toMatchObject({
      state: 'error',
      lastError: '401: invalid key',
      nextPollAt: null,
      urgent: false,
      polls: 4,
    });
  });

  it('rate limited: stays due, and the key waits as long as the provider asked', async () => {
    const t = setup();
    await t.handle({ kind: 'rate_limited', retryAfterMs: 30_000, message: 'slow down' });
    expect(t.events()).toEqual([]);
    expect(t.watch()).toMatchObject({
      state: 'active',
      lastError: 'rate limited: slow down',
      nextPollAt: NOW,
      urgent: true,
      failures: 2,
    });
    expect(await t.budget.nextAt(NOW)).toBeGreaterThanOrEqual(NOW + 30_000);
  });

  it('a transient fault: one more failure and a backoff', async () => {
    const t = setup();
    await t.handle({ kind: 'transient', message: 'HTTP 502: no error text' }, 3);
    expect(t.events()).toEqual([]);
    expect(t.watch()).toMatchObject({
      failures: 3,
      lastError: 'HTTP 502: no error text',
      nextPollAt: NOW + INTERVAL * 8,
      urgent: false,
      polls: 6,
    });
    expect(t.polls()).toEqual([['transient', 3]]);
  });

  it('a fault on a watch a webhook already ended changes nothing on it', async () => {
    const t = setup(watchRow({ state: 'done', nextPollAt: null }));
    await t.handle({ kind: 'transient', message: 'timeout' });
    expect(t.watch()).toMatchObject({ state: 'done', failures: 2, polls: 3, lastError: 'earlier' });
  });

  it('a reading for a watch removed meanwhile is still recorded as an event', async () => {
    const t = setup(null);
    await t.handle(reading('running'));
    expect(t.events().map((e) => e.type)).toEqual(['site.progress']);
    expect(t.watch()).toBeUndefined();
  });
});
