/**
 * A fan-out object's core (Workers): it republishes the relay's batches on
 * its own hub, in sequence order, each event once. It tracks the last
 * sequence it has published; a batch that starts past it (a batch lost on
 * the way, or the relay evicted between its commit and the send) is preceded
 * by the missing events, read from the log, so its listeners see no gap and
 * no duplicate. Streams replay from the log themselves (http/sse/event-stream.ts).
 */
import type { StoredEvent } from '../../core/event';
import type { EventFilter } from '../../core/filter';
import type { Logger } from '../../log';
import { createHub } from '../hub';

/** Events read per gap-filling RPC to the log. */
export const GAP_PAGE = 500;

/** The relay object as the log, over RPC. */
export interface LogReader {
  lastSeq(): Promise<number>;
  after(afterSeq: number, filter: EventFilter, limit: number): Promise<StoredEvent[]>;
}

export function createFanout(deps: { log: () => LogReader; logger: Logger }) {
  const hub = createHub();
  /** The last sequence this fan-out has published or knows was committed before it started. */
  let mark = 0;
  let started: Promise<void> | undefined;
  let chain: Promise<void> = Promise.resolve();

  /**
   * A new instance starts at the log's newest sequence: anything up to it was committed before any
   * of its streams opened, so their replay reads it from the log.
   */
  const ready = (): Promise<void> => {
    started ??= deps
      .log()
      .lastSeq()
      .then(
        (seq) => {
          mark = Math.max(mark, seq);
        },
        (err) => {
          started = undefined;
          throw err;
        },
      );
    return started;
  };

  const publishOne = (e: StoredEvent) => {
    if (e.seq <= mark) return;
    mark = e.seq;
    hub.publish(e);
  };

  async function apply(events: readonly StoredEvent[]): Promise<void> {
    await ready();
    const first = events[0];
    if (!first) return;
    // Nobody listens: a stream that opens later replays from the log whatever it needs.
    if (hub.listenerCount() === 0) {
      mark = Math.max(mark, events.at(-1)!.seq);
      return;
    }
    while (mark < first.seq - 1) {
      const page = await deps.log().after(mark, {}, GAP_PAGE);
      const missing = page.filter((e) => e.seq < first.seq);
      if (missing.length > 0) deps.logger.info('fan-out gap filled', { from: missing[0]!.seq, count: missing.length });
      for (const e of missing) publishOne(e);
      if (page.length < GAP_PAGE || missing.length < page.length) break;
    }
    for (const e of events) publishOne(e);
  }

  return {
    hub,
    ready,
    get lastPublished(): number {
      return mark;
    },
    /** One batch from the relay; batches are applied one after another, in the order they arrive. */
    publish(events: readonly StoredEvent[]): Promise<void> {
      const run = chain.then(() => apply(events));
      chain = run.catch(() => {});
      return run;
    },
  };
}

export type Fanout = ReturnType<typeof createFanout>;
