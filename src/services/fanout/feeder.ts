/**
 * The relay's side of the fan-out transport (Workers): every committed event
 * of one turn (one transaction, or the group commit of one turn's webhooks)
 * is collected and sent as one RPC per fan-out per batch, in the background
 * (`waitUntil`), so no ingest answer waits for a fan-out. A batch that fails
 * is only logged: the fan-out reads what it missed from the log when the next
 * batch arrives (fanout.ts), and its clients resume by Last-Event-ID if it
 * was evicted.
 */
import type { StoredEvent } from '../../core/event';
import type { Logger } from '../../log';
import { splitBatches } from './batches';

export interface FanoutTarget {
  publish(events: StoredEvent[]): Promise<void>;
}

export interface FeederDeps {
  /** How many fan-out objects there are, and the stub of each (a fresh one after a failed call). */
  count: number;
  target(index: number): FanoutTarget;
  /** Keeps the object alive until the RPC settles, without holding the request that caused it. */
  waitUntil(promise: Promise<unknown>): void;
  logger: Logger;
}

export function createFanoutFeeder(deps: FeederDeps) {
  let pending: StoredEvent[] = [];
  const stubs = new Map<number, FanoutTarget>();
  const stub = (i: number): FanoutTarget => {
    const known = stubs.get(i);
    if (known) return known;
    const made = deps.target(i);
    stubs.set(i, made);
    return made;
  };

  const send = (i: number, batch: StoredEvent[]) =>
    deps.waitUntil(
      Promise.resolve()
        .then(() => stub(i).publish(batch))
        .catch((err) => {
          // A stub that threw may be broken: the next batch takes a new one.
          stubs.delete(i);
          deps.logger.warn('fan-out batch not delivered', {
            fanout: i,
            from: batch[0]!.seq,
            to: batch.at(-1)!.seq,
            error: String(err),
          });
        }),
    );

  const flush = () => {
    const events = pending;
    pending = [];
    for (const batch of splitBatches(events)) for (let i = 0; i < deps.count; i++) send(i, batch);
  };

  return {
    /** How many fan-out objects hold the streams (GET /healthz topology). */
    objects: deps.count,
    /** The after-commit step: events of the same turn leave together, once the turn's code has run. */
    publish(event: StoredEvent): void {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push(event);
    },
  };
}

export type FanoutFeeder = ReturnType<typeof createFanoutFeeder>;
