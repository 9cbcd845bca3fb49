/**
 * A stream of stored events matching a filter: replay from the database
 * after a sequence (Last-Event-ID), then live events from the hub, with no
 * gap and no duplicate even while events keep arriving during the replay.
 */
import type { StoredEvent } from '../../core/event';
import { matchesFilter, type EventFilter } from '../../core/filter';
import type { Relay } from '../../services/relay';
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
  /** Called with every event sent; return true to close the stream after it. */
  closeAfter?: (e: StoredEvent) => boolean;
}

export function pipeEvents(relay: Relay, conn: SseConnection, opts: EventStreamOptions): void {
  const { filter, scope, closeAfter } = opts;
  const admits = (e: StoredEvent) => matchesFilter(filter, e) && (!scope || matchesFilter(scope, e));
  const last = relay.store.events.lastSeq();
  // An id from the future (another database) replays nothing and misses nothing from now on.
  let cursor = Math.min(opts.afterSeq ?? last, last);
  let pending: StoredEvent[] | null = opts.afterSeq === null ? null : [];
  let pendingBytes = 0;

  const deliver = (e: StoredEvent) => {
    if (e.seq <= cursor) return;
    cursor = e.seq;
    if (scope && !matchesFilter(scope, e)) return;
    if (conn.send(frameOf(e)) && closeAfter?.(e)) conn.close();
  };

  const unsubscribe = relay.hub.subscribe((e) => {
    if (!conn.isOpen || !admits(e)) return;
    if (!pending) return deliver(e);
    pending.push(e);
    pendingBytes += e.json.length;
    if (pendingBytes > conn.maxBufferBytes) conn.abort('client fell behind during replay');
  });
  conn.onClose(unsubscribe);
  if (!pending) return;

  void (async () => {
    for (;;) {
      if (!(await conn.room())) return;
      const page = relay.store.events.after(cursor, filter, PAGE);
      for (const e of page) {
        deliver(e);
        if (!conn.isOpen) return;
      }
      if (page.length < PAGE) break;
    }
    const live = pending ?? [];
    pending = null;
    for (const e of live) {
      deliver(e);
      if (!conn.isOpen) return;
    }
  })().catch((err) => {
    relay.logger.error('stream replay failed', { error: String(err) });
    conn.abort('replay failed');
  });
}
