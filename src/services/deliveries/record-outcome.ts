/**
 * Writes what an attempt decided, in one transaction: the attempt log and
 * the row's next state, the subscription's failure streak, and a disable.
 * Every give-up is also a log line.
 */
import { decideOutcome, type Outcome } from '../../core/retry-policy';
import type { Logger } from '../../log';
import type { Delivery, DeliveryStatus } from '../../storage/deliveries-store';
import type { Store } from '../../storage/store';
import type { AttemptReport } from './attempt';

export interface RecordDeps {
  store: Store;
  logger: Logger;
  retryScheduleMs: readonly number[];
  /** Counts the attempt's outcome, inside the transaction that records it. */
  countAttempt?: (outcome: DeliveryStatus) => void;
  /** Sees each delivery that succeeded, inside the same transaction (latency.ts). */
  delivered?: (d: Delivery, at: number) => void;
}

const statusFor = (o: Outcome): DeliveryStatus =>
  o.kind === 'delivered' ? 'succeeded' : o.kind === 'retry' ? 'failed' : 'dead';

/** `startedAt` dates the attempt in the log; the next retry counts from `finishedAt`. */
export function recordOutcome(
  deps: RecordDeps,
  d: Delivery,
  report: AttemptReport,
  startedAt: number,
  finishedAt: number,
): Outcome {
  const { store, logger } = deps;
  const outcome = store.transaction(() => {
    const sub = store.subscriptions.get(d.subscriptionId);
    const decided = decideOutcome({
      result: report.result,
      attempt: d.roundAttempts + 1,
      scheduleMs: deps.retryScheduleMs,
      now: finishedAt,
      failingSince: sub?.failingSince ?? null,
    });
    deps.countAttempt?.(statusFor(decided));
    if (decided.kind === 'delivered') deps.delivered?.(d, finishedAt);
    store.deliveries.recordAttempt(d, {
      status: statusFor(decided),
      nextAttemptAt: decided.kind === 'retry' ? decided.at : null,
      record: {
        attempt: d.attemptCount + 1,
        at: startedAt,
        status_code: report.statusCode,
        duration_ms: report.durationMs,
        error:
          decided.kind === 'disabled'
            ? `${report.error ?? 'failed'}; subscription disabled: ${decided.reason}`
            : report.error,
        response_excerpt: report.responseExcerpt,
      },
    });
    if (sub) {
      if (decided.kind === 'delivered') {
        if (sub.failingSince !== null) store.subscriptions.save({ ...sub, failingSince: null, updatedAt: finishedAt });
      } else if (decided.kind === 'disabled') {
        store.subscriptions.save({
          ...sub,
          enabled: false,
          disabledReason: decided.reason,
          failingSince: null,
          updatedAt: finishedAt,
        });
      } else if (sub.failingSince === null) {
        store.subscriptions.save({ ...sub, failingSince: finishedAt, updatedAt: finishedAt });
      }
    }
    return decided;
  });

  const fields = {
    delivery: d.id,
    subscription: d.subscriptionId,
    event: d.eventId,
    attempt: d.attemptCount + 1,
    error: report.error,
  };
  if (outcome.kind === 'dead') logger.warn('delivery dead', { ...fields, reason: outcome.reason });
  else if (outcome.kind === 'disabled') logger.warn('subscription disabled', { ...fields, reason: outcome.reason });
  else if (outcome.kind === 'retry')
    logger.info('delivery failed, will retry', { ...fields, retry_at: new Date(outcome.at).toISOString() });
  return outcome;
}
