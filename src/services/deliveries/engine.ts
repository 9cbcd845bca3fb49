/**
 * The delivery task: a worker pool over due delivery rows. Attempts run
 * concurrently, bounded per subscription and overall; whenever one ends, or
 * new rows arrive, or a retry comes due, free slots are filled again, so a
 * slow receiver holds only its own slots. run() returns only when nothing is
 * in flight, with the next due time from the database, so the same loop
 * works under a Node timer and under a Durable Object alarm. A run starts
 * attempts for at most RUN_BUDGET_MS, then lets those in flight finish and
 * hands over to the next firing (an alarm handler must end).
 */
import type { Logger } from '../../log';
import type { Delivery } from '../../storage/deliveries-store';
import type { Store } from '../../storage/store';
import type { Subscription } from '../../storage/subscriptions-store';
import { RUN_BUDGET_MS, type DueTask } from '../ticker';
import type { AttemptGate } from './attempt-gate';

export interface EngineLimits {
  /** Attempts in flight at once, over all subscriptions. */
  global: number;
  /** Attempts in flight at once to one subscription (different resources; one resource is sequential). */
  perSubscription: number;
}

export const DEFAULT_LIMITS: EngineLimits = { global: 64, perSubscription: 8 };

/** A claimed row is due again this long after its attempt's timeout, should the process die mid-attempt. */
export const LEASE_MARGIN_MS = 5_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface EngineDeps {
  store: Store;
  logger: Logger;
  now: () => number;
  /** How long a claim of the subscription's row holds (its attempt timeout plus LEASE_MARGIN_MS). */
  leaseMs: (sub: Subscription) => number;
  /** Circuit and rate limit: which due rows may start. */
  gate: AttemptGate;
  limits?: EngineLimits;
  /** How long one run keeps starting attempts (default RUN_BUDGET_MS). */
  runBudgetMs?: number;
  /** Sends one delivery and records its outcome; resolves when done. */
  deliver(d: Delivery, sub: Subscription, stop: AbortSignal): Promise<void>;
}

export function createDeliveryEngine(deps: EngineDeps) {
  const { store, logger, now } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const inFlight = new Map<string, Promise<void>>();
  const perSub = new Map<string, number>();
  const stopper = new AbortController();
  let started = false;
  let rotate = 0;
  let poke: (() => void) | null = null;

  const wakeLoop = () => {
    const p = poke;
    poke = null;
    p?.();
  };

  function start(d: Delivery, sub: Subscription) {
    const at = now();
    store.deliveries.claim(d.id, at, at + deps.leaseMs(sub));
    perSub.set(sub.id, (perSub.get(sub.id) ?? 0) + 1);
    const running = deps
      .deliver(d, sub, stopper.signal)
      .catch((err) => {
        if (!stopper.signal.aborted) logger.error('delivery attempt failed', { delivery: d.id, error: String(err) });
      })
      .finally(() => {
        inFlight.delete(d.id);
        perSub.set(sub.id, (perSub.get(sub.id) ?? 1) - 1);
        wakeLoop();
      });
    inFlight.set(d.id, running);
  }

  /** Starts every due row there is room for, taking subscriptions in turn; returns the time it looked at. */
  function fill(): number {
    const t = now();
    if (inFlight.size >= limits.global) return t;
    const subs = store.subscriptions.enabled();
    if (subs.length === 0) return t;
    rotate = (rotate + 1) % subs.length;
    for (let i = 0; i < subs.length && inFlight.size < limits.global; i++) {
      const sub = subs[(rotate + i) % subs.length]!;
      const room = Math.min(limits.perSubscription - (perSub.get(sub.id) ?? 0), limits.global - inFlight.size);
      if (room <= 0) continue;
      const due = store.deliveries.dueFor(sub.id, t, room).filter((d) => !inFlight.has(d.id));
      if (due.length === 0) continue;
      store.transaction(() => {
        // The time now, not the fill's: a rate budget is spent when the attempt really starts.
        for (const d of deps.gate.admit(sub, due, now())) start(d, sub);
      });
    }
    return t;
  }

  /**
   * Resolves when an attempt ends, new rows are announced, or the next row
   * comes due. Rows that were already due at `filledAt` are waiting for a
   * free slot, which only an ending attempt gives: no timer for them.
   */
  function nextChange(filledAt: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      poke = () => {
        clearTimeout(timer);
        resolve();
      };
      const due = store.deliveries.nextDueAfter(filledAt);
      if (due !== null) timer = setTimeout(wakeLoop, Math.min(Math.max(0, due - now()), MAX_TIMER_MS));
    });
  }

  const task: DueTask = {
    name: 'deliver',
    async run() {
      if (!started) {
        started = true;
        // Rows claimed by a previous process that died mid-attempt: due again now.
        store.deliveries.recover(now());
      }
      const until = now() + (deps.runBudgetMs ?? RUN_BUDGET_MS);
      for (;;) {
        if (stopper.signal.aborted) return null;
        // Past the budget, start nothing more: the rows still due make the next run due at once.
        const filledAt = now() < until ? fill() : now();
        if (inFlight.size === 0) return store.deliveries.nextDueAfter(-1);
        await nextChange(filledAt);
      }
    },
  };

  return {
    task,
    /** New rows may be due: fill free slots now if the loop is running. */
    notify: wakeLoop,
    /** Aborts attempts in flight (they record nothing; their rows are due again at the next start). */
    stop(): void {
      stopper.abort();
      wakeLoop();
    },
    inFlightCount: (): number => inFlight.size,
  };
}

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;
