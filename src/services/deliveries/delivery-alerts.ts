/**
 * The operational events an attempt's outcome causes (docs/events.md#operational-events),
 * one per transition, never one per attempt: `delivery.dead` when a delivery exhausts its
 * schedule, `subscription.disabled` when the receiver answered 410, the 5-day rule
 * disabled it, or its circuit opened, and `subscription.recovered` when it delivers
 * again after one of those alerts, so every alert has its all-clear and a retried
 * blip raises neither. The subscription's `alertedAt` remembers an alert until then.
 */
import type { Outcome } from '../../core/retry-policy';
import type { Delivery } from '../../storage/deliveries-store';
import type { Subscription } from '../../storage/subscriptions-store';
import { operationalEvent, type OperationalSignal } from '../operational-events';

export interface AlertInput {
  sub: Subscription;
  d: Delivery;
  outcome: Outcome;
  lastError: string | null;
  /** The circuit's transition, if this attempt made one. */
  circuit: 'opened' | 'closed' | null;
  /** The subscription's failing run before this attempt (null: it was succeeding). */
  failingSince: number | null;
  /** An alert raised before this attempt and not yet followed by a success. */
  alertedAt: number | null;
}

/** Does this attempt raise an alert (so a later success is a recovery)? */
export const raisesAlert = (a: Pick<AlertInput, 'outcome' | 'circuit'>): boolean =>
  a.outcome.kind === 'dead' || a.outcome.kind === 'disabled' || a.circuit === 'opened';

const iso = (ms: number) => new Date(ms).toISOString();

export function alertsFor(a: AlertInput): OperationalSignal[] {
  const { sub, d, outcome } = a;
  const about = { subscription_id: sub.id, url: sub.url };
  const out: OperationalSignal[] = [];
  if (outcome.kind === 'dead') {
    out.push(
      operationalEvent('delivery.dead', {
        subscription_id: sub.id,
        delivery_id: d.id,
        event_id: d.eventId,
        attempts: d.attemptCount + 1,
        last_error: a.lastError,
      }),
    );
  }
  if (outcome.kind === 'disabled')
    out.push(operationalEvent('subscription.disabled', { ...about, reason: outcome.reason }));
  if (a.circuit === 'opened' && sub.circuitState.openUntil !== null) {
    const reason = `circuit open after ${sub.circuitState.consecutiveFailures} consecutive failed attempts, paused until ${iso(sub.circuitState.openUntil)}`;
    out.push(operationalEvent('subscription.disabled', { ...about, reason }));
  }
  if (outcome.kind === 'delivered' && (a.circuit === 'closed' || a.alertedAt !== null)) {
    const since = a.failingSince ?? a.alertedAt;
    out.push(
      operationalEvent('subscription.recovered', { ...about, failing_since: since === null ? null : iso(since) }),
    );
  }
  return out;
}
