/**
 * A resource shard's sink (docs/scaling.md#the-shard-outbox-and-the-logs-cursors):
 * the state tracker runs here as everywhere (recorder.ts), but a decided event
 * goes to the shard's outbox, in the same transaction as the inbox key and the
 * subject's new state, instead of to the log. Its `seq` here is the outbox
 * position, the shard's own order; the log assigns the global sequence when
 * it appends the entry.
 */
import { serializeEvent } from '../../core/event';
import type { Store } from '../../storage/store';
import type { AppendSink } from '../recorder';

export function outboxSink(store: Store): AppendSink {
  return (e, at, stateAt) => {
    const position = store.outbox.nextPosition();
    const resource = stateAt ? stateAt(position) : null;
    store.outbox.add({ position, event: e, resource }, at);
    if (resource) store.resources.put(resource);
    const { id, type, subject, provider, time } = e;
    return { seq: position, id, type, subject, provider, time, createdAt: at, json: serializeEvent(e, position) };
  };
}
