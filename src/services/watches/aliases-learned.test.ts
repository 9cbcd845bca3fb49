/**
 * A poll answer that names the resource by other ids (a Lindo website id) teaches the watch those
 * aliases; the relay is told the new ones once they are committed, and only once.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { blankObservation } from '../../core/observation';
import { silentLogger } from '../../log';
import type { PollOutcome } from '../../providers/poll-response';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import { createRecorder } from '../recorder';
import { createTicker } from '../ticker';
import { localBudget } from './budget';
import { createWatch } from './create-watch';
import type { LearnedAliases } from './deps';
import { handleOutcome } from './handle-outcome';
import { watchMetrics } from './metrics';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');

const running = (aliases: string[]): PollOutcome => ({
  kind: 'reading',
  reading: {
    observation: blankObservation({
      provider: 'lindo',
      kind: 'site',
      resourceId: 'rec_1',
      status: 'running',
      providerStatus: 'running',
      observedVia: 'poll',
    }),
    pollAfterMs: null,
    aliases,
  },
});

describe('aliases a poll teaches a watch', () => {
  it('are passed on after the answer is recorded, each once, with the watch’s subject', async () => {
    const store = createStore(openNodeSqlite(':memory:'));
    const now = () => NOW;
    const recorder = createRecorder({ store, now, pipeline: { inTransaction: [], afterCommit: [] } });
    const ticker = createTicker({ tasks: [], arm: () => {}, now, logger: silentLogger });
    const told: LearnedAliases[] = [];
    const deps = {
      config: loadConfig({ LINDO_API_KEY: 'lindo_sk_test' }),
      ...{ store, recorder, ticker, fetch, now, logger: silentLogger },
      aliasesLearned: async (learned: LearnedAliases) => void told.push(learned),
    };
    const { watch } = store.transaction(() => createWatch(deps, { provider: 'lindo', id: 'rec_1' }, 'api', NOW));
    const ctx = {
      deps,
      budget: localBudget(store, 'lindo', [{ limit: 100, windowMs: 60_000 }]),
      metrics: watchMetrics(store, ['lindo']),
    };

    await handleOutcome(ctx, watch, { outcome: running([]), attempts: 1 });
    await handleOutcome(ctx, watch, { outcome: running(['web_1']), attempts: 1 });
    await handleOutcome(ctx, watch, { outcome: running(['web_1']), attempts: 1 });
    await handleOutcome(ctx, watch, { outcome: running(['web_1', 'web_2']), attempts: 1 });

    expect(told).toEqual([
      { provider: 'lindo', subject: 'lindo/site/rec_1', ids: ['web_1'] },
      { provider: 'lindo', subject: 'lindo/site/rec_1', ids: ['web_2'] },
    ]);
  });
});
