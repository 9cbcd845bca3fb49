/**
 * The operational events an attempt's outcome causes (docs/events.md#operational-events),
 * one per transition, never one per attempt: `delivery.dead` when a delivery exhausts its
 * schedule, `subscription.disabled` when the receiver answered 410, the 5-day rule
 * disabled it, or its circuit opened, and `subscription.recovered` when it delivers
 * again after one of those alerts (its circuit closed, or a delivery had gone dead
 * while it was failing), so every alert has its all-clear and a single retried blip
 * raises neither.
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
  /** Did a delivery of the subscription go dead during that run? (Asked only when it matters.) */
  deadSince: (since: number) => boolean;
}

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
  if (
    outcome.kind === 'delivered' &&
    a.failingSince !== null &&
    (a.circuit === 'closed' || a.deadSince(a.failingSince))
  ) {
    out.push(operationalEvent('subscription.recovered', { ...about, failing_since: iso(a.failingSince) }));
  }
  return out;
}
