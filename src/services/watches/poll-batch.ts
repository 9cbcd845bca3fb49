/**
 * One batched poll: the batch request (one request of the key's budget, retried on transient faults
 * like a single GET), then each watch's part of the answer handled exactly as its own GET's answer
 * would be (handle-outcome.ts). A watch the answer leaves out is left untouched: still due, it goes
 * in the next round. An API without the endpoint is remembered and the watches are polled singly.
 */
import { interpretBatchResponse, type BatchOutcome } from '../../providers/batch-response';
import type { BatchItem, BatchStatusApi, StatusApi } from '../../providers/types';
import type { PollOutcome } from '../../providers/poll-response';
import type { Kind } from '../../core/status';
import type { Watch } from '../../storage/watches-store';
import type { batchSupport } from './batch-support';
import { applyOutcome, handleOutcome, type OutcomeContext } from './handle-outcome';
import { sendWithRetries, type PollContext } from './poll-once';
import type { LearnedAliases } from './deps';

export interface BatchContext extends OutcomeContext {
  api: StatusApi & { batch: BatchStatusApi };
  apiKey: string;
  support: ReturnType<typeof batchSupport>;
}

const itemOutcome = (item: BatchItem): PollOutcome =>
  item.kind === 'unreadable' ? { kind: 'transient', message: item.message } : item;

export async function pollBatch(ctx: BatchContext, kind: Kind, watches: readonly Watch[]): Promise<void> {
  const { deps, api, apiKey, budget, metrics } = ctx;
  const provider = watches[0]!.provider;
  const ids = watches.map((w) => w.resourceId);
  const poll: PollContext = { deps, api, apiKey, budget };
  const { outcome, attempts } = await sendWithRetries<BatchOutcome>(
    poll,
    () => api.batch.request(kind, ids, deps.config, apiKey),
    (res, now) => interpretBatchResponse(api, kind, ids, res, now),
  );

  switch (outcome.kind) {
    case 'unsupported':
      ctx.support.markUnsupported(deps.now());
      deps.store.transaction(() => metrics.countPoll(provider, 'transient', attempts));
      deps.logger.warn('batch status endpoint unavailable: polling one by one', { provider, status: outcome.status });
      return;
    case 'rate_limited':
      // One request, one 429: the key slows once, and every watch stays due for its budget.
      await handleOutcome(ctx, watches[0]!, { outcome, attempts });
      return;
    case 'refused':
    case 'transient':
      // What the request met, every watch in it met (the request is counted once).
      deps.recorder.write((w) => {
        const jitter = (deps.random ?? Math.random)();
        watches.forEach((watch, i) => {
          applyOutcome(ctx, w, watch, { outcome, attempts, requests: i === 0 ? attempts : 0, jitter });
        });
      });
      deps.logger.warn('poll', { provider, batch: watches.length, outcome: outcome.kind, error: outcome.message });
      return;
    case 'items': {
      const faults: { watch: string; outcome: string; error: string }[] = [];
      const learned: LearnedAliases[] = [];
      let missing = 0;
      deps.recorder.write((w) => {
        // A retried transaction starts over.
        faults.length = 0;
        learned.length = 0;
        missing = 0;
        metrics.countPoll(provider, 'reading', attempts);
        const jitter = (deps.random ?? Math.random)();
        for (const watch of watches) {
          const item = outcome.items.get(watch.resourceId);
          if (!item) {
            missing += 1;
            continue;
          }
          if (item.kind !== 'reading') faults.push({ watch: watch.id, outcome: item.kind, error: item.message });
          const taught = applyOutcome(ctx, w, watch, { outcome: itemOutcome(item), attempts, requests: 0, jitter });
          if (taught) learned.push(taught);
        }
      });
      for (const l of learned) await deps.aliasesLearned?.(l);
      for (const f of faults) deps.logger.warn('poll', { provider, ...f });
      if (missing > 0) deps.logger.warn('batch answer left out watches; they stay due', { provider, missing });
    }
  }
}
