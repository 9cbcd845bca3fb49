/**
 * Which due heads of one subscription may start now (docs/api.md#delivery-settings):
 * none while its circuit is open, one probe once the cooldown is over, and no more
 * than its rate limit allows. The rate budget is the provider keys' one
 * (core/rate-budget.ts), kept in the database so a restart does not burst. Heads
 * held back are pushed to the time they may go, so the due-rows timer wakes then.
 * Both the in-process engine and the Queue dispatcher start attempts through this.
 */
import { circuitGate } from '../../core/circuit';
import { parseBudget, take, nextAllowedAt, type BudgetRule } from '../../core/rate-budget';
import type { Delivery } from '../../storage/deliveries-store';
import type { Store } from '../../storage/store';
import type { Subscription } from '../../storage/subscriptions-store';

export const deliveryBudgetKey = (subscriptionId: string) => `delivery_budget:${subscriptionId}`;

/**
 * Paced evenly at `perSecond`. Below 20/s no two starts come closer than the pace, so any
 * one-second window holds at most `perSecond`; from 20/s up a tenth of a second's worth may go
 * at once, so a start the timer made late is made up and the sustained rate reaches the limit
 * (any second then holds at most `perSecond` + a tenth of it).
 */
export const rulesFor = (perSecond: number): BudgetRule[] => [
  { intervalMs: 1000 / perSecond, capacity: Math.max(1, Math.floor(perSecond / 10)) },
];

export interface AttemptGateDeps {
  store: Store;
  /** How long a claim of this subscription's row holds (its timeout and a margin). */
  leaseMs: (sub: Subscription) => number;
}

export function createAttemptGate({ store, leaseMs }: AttemptGateDeps) {
  function rateLimited(sub: Subscription, rows: Delivery[], at: number): Delivery[] {
    const limit = sub.settings.rateLimit;
    if (!limit || rows.length === 0) return rows;
    const rules = rulesFor(limit.perSecond);
    const key = deliveryBudgetKey(sub.id);
    let state = parseBudget(store.meta.get(key), rules, at);
    let n = 0;
    for (; n < rows.length; n++) {
      const r = take(state, rules, at);
      if (!r.ok) break;
      state = r.state;
    }
    if (n > 0) store.meta.set(key, JSON.stringify(state));
    if (n < rows.length) store.deliveries.deferHeads(sub.id, nextAllowedAt(state, rules, at));
    return rows.slice(0, n);
  }

  return {
    /** The rows (due heads of `sub`, in order) that may start at `at`; call in a transaction with their claims. */
    admit(sub: Subscription, rows: Delivery[], at: number): Delivery[] {
      if (rows.length === 0) return rows;
      const gate = circuitGate(sub.settings.circuit, sub.circuitState, at);
      if (gate.kind === 'open') {
        store.deliveries.deferHeads(sub.id, gate.until);
        return [];
      }
      const allowed = rateLimited(sub, gate.kind === 'probe' ? rows.slice(0, 1) : rows, at);
      if (gate.kind === 'probe' && allowed.length === 1) {
        const probeUntil = at + leaseMs(sub);
        store.subscriptions.saveCircuit(sub.id, { ...sub.circuitState, probeUntil });
        store.deliveries.deferHeads(sub.id, probeUntil);
      }
      return allowed;
    },
  };
}

export type AttemptGate = ReturnType<typeof createAttemptGate>;
