/**
 * Writes what an attempt decided, in one transaction: the attempt log and
 * the row's next state, the subscription's failure streak and circuit, a
 * disable, and the operational events these cause (delivery-alerts.ts).
 * Every give-up is also a log line.
 */
import { afterAttempt } from '../../core/circuit';
import { decideOutcome, type Outcome } from '../../core/retry-policy';
import type { Logger } from '../../log';
import type { Delivery, DeliveryStatus } from '../../storage/deliveries-store';
import type { Store } from '../../storage/store';
import type { OperationalSignal } from '../operational-events';
import type { Recorder } from '../recorder';
import type { AttemptReport } from './attempt';
import { alertsFor, raisesAlert } from './delivery-alerts';

export interface RecordDeps {
  store: Store;
  logger: Logger;
  retryScheduleMs: readonly number[];
  /** Counts the attempt's outcome and duration, inside the transaction that records it. */
  countAttempt?: (outcome: DeliveryStatus, durationMs: number) => void;
  /** Sees each delivery that succeeded, inside the same transaction (latency.ts). */
  delivered?: (d: Delivery, at: number) => void;
  /** Appends operational events with the outcome (absent: none are written). */
  recorder?: () => Recorder;
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
  // One transaction either way; through the recorder, the events it emits commit with the outcome.
  const write = <T>(fn: (emit: (s: OperationalSignal) => void) => T): T =>
    deps.recorder
      ? deps.recorder().write((w) => fn((s) => void w.emit(s))).result
      : store.transaction(() => fn(() => {}));
  const outcome = write((emit) => {
    const sub = store.subscriptions.get(d.subscriptionId);
    const decided = decideOutcome({
      result: report.result,
      attempt: d.roundAttempts + 1,
      // The subscription's own schedule replaces the relay's (docs/api.md#delivery-settings).
      scheduleMs: sub?.settings.retryScheduleMs ?? deps.retryScheduleMs,
      now: finishedAt,
      failingSince: sub?.failingSince ?? null,
    });
    deps.countAttempt?.(statusFor(decided), report.durationMs);
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
      const before = sub.circuitState;
      const circuit = afterAttempt(sub.settings.circuit, before, decided.kind === 'delivered', finishedAt);
      const changed = (Object.keys(before) as (keyof typeof before)[]).some((k) => before[k] !== circuit.state[k]);
      if (changed) store.subscriptions.saveCircuit(sub.id, circuit.state);
      sub.circuitState = circuit.state;
      // Closed: heads held back for the cooldown and the probe go now (later retry times of their own stand).
      if (circuit.transition === 'closed')
        store.deliveries.resumeHeads(sub.id, Math.max(before.openUntil ?? 0, before.probeUntil ?? 0), finishedAt);
      const alerts = alertsFor({
        sub,
        d,
        outcome: decided,
        lastError: report.error,
        circuit: circuit.transition,
        failingSince: sub.failingSince,
        alertedAt: sub.alertedAt,
      });
      for (const signal of alerts) emit(signal);
      const alertedAt =
        decided.kind === 'delivered'
          ? null
          : raisesAlert({ outcome: decided, circuit: circuit.transition })
            ? (sub.alertedAt ?? finishedAt)
            : sub.alertedAt;
      if (alertedAt !== sub.alertedAt) store.subscriptions.save({ ...sub, alertedAt });
      sub.alertedAt = alertedAt;
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
