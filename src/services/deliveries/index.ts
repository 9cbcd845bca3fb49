/**
 * Subscriber webhooks, composed: delivery rows written with each event (in
 * its transaction), the delivery task, the subscriptions API's service,
 * test sends and retention.
 */
import { matchesFilter } from '../../core/filter';
import { isAboutSubscription } from '../operational-events';
import type { Logger } from '../../log';
import type { Delivery } from '../../storage/deliveries-store';
import type { Store } from '../../storage/store';
import type { Subscription } from '../../storage/subscriptions-store';
import type { AppendStep, Recorder } from '../recorder';
import type { Ticker } from '../ticker';
import { attemptDelivery, type AttemptDeps, type AttemptReport } from './attempt';
import { createAttemptGate } from './attempt-gate';
import { createDeliveryEngine, LEASE_MARGIN_MS, type EngineLimits } from './engine';
import { deliveryLatency } from './latency';
import { deliveryMetrics } from './metrics';
import { createQueueDispatcher, QUEUE_LEASE_MARGIN_MS } from './queue-dispatch';
import type { DeliveryOutcome, DeliveryQueue } from './queue-messages';
import { recordOutcome } from './record-outcome';
import { createSubscriptionService } from './subscriptions';
import { createTargetGuard, type ResolveHost } from './target-guard';
import { testEvent } from './test-event';

export interface DeliveriesDeps {
  store: Store;
  ticker: Ticker;
  logger: Logger;
  now: () => number;
  fetch: typeof fetch;
  config: { retryScheduleMs: number[]; deliveryTimeoutMs: number; allowPrivateTargets: boolean };
  resolveHost?: ResolveHost;
  limits?: EngineLimits;
  /** A Queue producer (Workers): attempts then run in Queue consumers instead of the in-process engine. */
  queue?: DeliveryQueue;
  /** Where operational events about deliveries are appended (made after this service: read when needed). */
  recorder?: () => Recorder;
}

/** The secrets that sign at a given time: the current one, and the previous one during its overlap. */
export const activeSecrets = (sub: Subscription, at: number): string[] =>
  sub.previousSecret && (sub.previousSecretUntil ?? 0) > at ? [sub.secret, sub.previousSecret] : [sub.secret];

export function createDeliveries(deps: DeliveriesDeps) {
  const { store, logger, now, config } = deps;
  const guard = createTargetGuard({
    allowPrivate: config.allowPrivateTargets,
    resolveHost: deps.resolveHost,
    resolveTimeoutMs: config.deliveryTimeoutMs,
  });
  const attemptDeps: AttemptDeps = { fetch: deps.fetch, guard, timeoutMs: config.deliveryTimeoutMs };
  /** A subscription's own timeout (docs/api.md#delivery-settings), else the relay's. */
  const timeoutFor = (sub: Subscription) => sub.settings.timeoutMs ?? config.deliveryTimeoutMs;
  const depsFor = (sub: Subscription): AttemptDeps =>
    sub.settings.timeoutMs === null ? attemptDeps : { ...attemptDeps, timeoutMs: sub.settings.timeoutMs };
  const metrics = deliveryMetrics(store, now);
  const latency = deliveryLatency(store);
  const record = {
    store,
    logger,
    retryScheduleMs: config.retryScheduleMs,
    countAttempt: metrics.countAttempt,
    delivered: latency.delivered,
    recorder: deps.recorder,
  };

  async function deliver(d: Delivery, sub: Subscription, stop: AbortSignal): Promise<void> {
    const event = store.events.byId(d.eventId);
    if (!event) {
      store.deliveries.markDead(d, 'the event was pruned before it could be delivered', now());
      logger.warn('delivery dead', { delivery: d.id, subscription: sub.id, event: d.eventId, reason: 'event pruned' });
      return;
    }
    const startedAt = now();
    const report = await attemptDelivery(
      depsFor(sub),
      {
        url: sub.url,
        secrets: activeSecrets(sub, startedAt),
        eventId: event.id,
        body: event.json,
        at: startedAt,
        contentMode: sub.contentMode,
        headers: sub.settings.headers,
      },
      stop,
    );
    if (stop.aborted) return;
    recordOutcome(record, d, report, startedAt, now());
  }

  const leaseMs = (sub: Subscription) => timeoutFor(sub) + LEASE_MARGIN_MS;
  // A circuit's probe holds as long as its claim: a Queue message may wait longer than an in-process attempt.
  const probeLeaseMs = (sub: Subscription) => timeoutFor(sub) + (deps.queue ? QUEUE_LEASE_MARGIN_MS : LEASE_MARGIN_MS);
  const gate = createAttemptGate({ store, leaseMs: probeLeaseMs });
  const engine = createDeliveryEngine({
    store,
    logger,
    now,
    leaseMs,
    gate,
    limits: deps.limits,
    deliver,
  });
  const wake = () => {
    engine.notify();
    deps.ticker.wake(engine.task.name);
  };
  const dispatcher = deps.queue
    ? createQueueDispatcher({
        store,
        logger,
        now,
        queue: deps.queue,
        timeoutFor,
        gate,
        record,
        secretsFor: activeSecrets,
        wake: (at: number) => deps.ticker.wake(engine.task.name, at),
      })
    : null;

  /** The per-event pipeline's step: one delivery row per matching enabled subscription, in the event's transaction. */
  const queue: AppendStep = (event, at) => {
    let queued = false;
    for (const sub of store.subscriptions.enabled()) {
      if (matchesFilter(sub, event) && !isAboutSubscription(event, sub.id))
        queued = store.deliveries.enqueue(sub.id, event, at) || queued;
    }
    if (queued) wake();
  };

  const subscriptions = createSubscriptionService({ store, guard, now, wake });

  return {
    queue,
    /** Where attempts run: the in-process engine (Node, Workers without a Queue) or Queue consumers. */
    transport: dispatcher ? ('queue' as const) : ('engine' as const),
    task: dispatcher?.task ?? engine.task,
    /** Queue transport: a body sent by reference, while its claim holds (null when stale or not queued). */
    queuedBody: (id: string, lease: number): string | null => dispatcher?.body(id, lease) ?? null,
    /** Queue transport: a consumer batch's outcomes; stale ones are ignored. */
    acceptOutcomes: (outcomes: readonly DeliveryOutcome[]) =>
      dispatcher?.accept(outcomes) ?? { recorded: 0, stale: outcomes.length },
    subscriptions,
    /** Sends a `sitewire.test` event to one subscription now, once; nothing is stored. */
    async sendTest(id: string): Promise<{ eventId: string; at: number; report: AttemptReport }> {
      const sub = subscriptions.get(id);
      const at = now();
      const event = testEvent(sub.id, at);
      const report = await attemptDelivery(depsFor(sub), {
        url: sub.url,
        secrets: activeSecrets(sub, at),
        eventId: event.id,
        body: event.json,
        at,
        contentMode: sub.contentMode,
        headers: sub.settings.headers,
      });
      return { eventId: event.id, at, report };
    },
    /** Retention keeps what is still to be delivered, and its event (docs/configuration.md#streams-and-retention). */
    prune: (cutoff: number): number => store.deliveries.pruneBefore(cutoff, true),
    /** /metrics collectors: attempts by outcome (kept in the database), deliveries by status, queue depth, oldest waiting, subscriptions. */
    metrics: [...metrics.collectors, latency.collect],
    stop: (): void => engine.stop(),
  };
}

export type Deliveries = ReturnType<typeof createDeliveries>;
