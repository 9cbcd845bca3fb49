/**
 * A stream of stored events matching a filter: replay from the database
 * after a sequence (Last-Event-ID), then live events from the hub, with no
 * gap and no duplicate even while events keep arriving during the replay.
 *
 * Events are published only after they are committed, so anything the hub
 * announces is also readable from the database: while replaying, live events
 * wait in a bounded list, and when that list overflows it is simply dropped
 * and the replay reads on from the database. The replay is paced by the
 * client's reading, never cut off for its length.
 */
import type { StoredEvent } from '../../core/event';
import { matchesFilter, type EventFilter } from '../../core/filter';
import type { Logger } from '../../log';
import type { EventListener } from '../../services/hub';
import type { SseConnection } from './connection';
import { frameOf } from './frames';

const PAGE = 500;

export interface EventStreamOptions {
  /** What the client asked for. */
  filter: EventFilter;
  /** What its credentials allow (a stream token's scope); null = everything. */
  scope: EventFilter | null;
  /** Replay events after this sequence; null = live events only. */
  afterSeq: number | null;
  /** Ends the stream cleanly at this time (a stream token's expiry); null/undefined = never. */
  endsAt?: number | null;
  /** Event types after which the stream closes (a build's terminal ones). */
  closeAfter?: readonly string[];
}

/**
 * Where a stream reads from: the committed log and the live announcements of
 * committed events. The relay itself on Node; on Workers a fan-out object,
 * whose log pages come from the relay object by RPC (runtime/fanout-object.ts).
 */
export interface StreamSource {
  now(): number;
  logger: Logger;
  store: {
    events: {
      lastSeq(): number;
      after(afterSeq: number, filter: EventFilter, limit: number): StoredEvent[] | Promise<StoredEvent[]>;
    };
  };
  hub: { subscribe(listener: EventListener): () => void };
}

export function pipeEvents(relay: StreamSource, conn: SseConnection, opts: EventStreamOptions): void {
  const { filter, scope, closeAfter } = opts;
  const admits = (e: StoredEvent) => matchesFilter(filter, e) && (!scope || matchesFilter(scope, e));
  const last = relay.store.events.lastSeq();
  // An id from the future (another database) replays nothing and misses nothing from now on.
  let cursor = Math.min(opts.afterSeq ?? last, last);
  let replaying = opts.afterSeq !== null;
  let pending: StoredEvent[] = [];
  let pendingBytes = 0;
  /** Set when pending was dropped: what it held must be read from the database again. */
  let dropped = false;

  /** Sends one event unless already sent; false once the connection is gone. */
  const deliver = (e: StoredEvent, paced: boolean): boolean => {
    if (e.seq <= cursor) return true;
    cursor = e.seq;
    if (scope && !matchesFilter(scope, e)) return true;
    const frame = frameOf(e);
    if ((paced ? conn.push(frame) : conn.send(frame)) && closeAfter?.includes(e.type)) conn.close();
    return conn.isOpen;
  };

  const unsubscribe = relay.hub.subscribe((e) => {
    if (!conn.isOpen || !admits(e)) return;
    if (!replaying) return void deliver(e, false);
    pending.push(e);
    pendingBytes += e.json.length;
    if (pendingBytes > conn.maxBufferBytes) {
      // Everything dropped here is committed: the replay reads it from the database again.
      pending = [];
      pendingBytes = 0;
      dropped = true;
    }
  });
  conn.onClose(unsubscribe);
  if (!replaying) return;

  const paced = async (e: StoredEvent): Promise<boolean> =>
    (e.seq <= cursor || (await conn.room())) && deliver(e, true);

  void (async () => {
    for (;;) {
      // A read from here on covers everything dropped so far (all of it committed before the read).
      dropped = false;
      const page = await relay.store.events.after(cursor, filter, PAGE);
      for (const e of page) if (!(await paced(e))) return;
      if (page.length === PAGE || dropped) continue;
      // Caught up with the database: pending holds every event published since that read.
      while (pending.length > 0 && !dropped) {
        const e = pending.shift()!;
        pendingBytes -= e.json.length;
        if (!(await paced(e))) return;
      }
      if (dropped) continue;
      replaying = false;
      return;
    }
  })().catch((err) => {
    relay.logger.error('stream replay failed', { error: String(err) });
    conn.abort('replay failed');
  });
}
