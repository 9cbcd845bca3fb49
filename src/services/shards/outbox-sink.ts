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
import type { AppendSink, AppendStep, EventPipeline } from '../recorder';

/** `steps`: the pipeline's steps that need what the shard holds (the subject's watch), run for each event here. */
export function outboxSink(store: Store, steps: readonly AppendStep[] = []): AppendSink {
  return (e, at, stateAt) => {
    const position = store.outbox.nextPosition();
    const resource = stateAt ? stateAt(position) : null;
    store.outbox.add({ position, event: e, resource }, at);
    if (resource) store.resources.put(resource);
    const { id, type, subject, provider, time } = e;
    const stored = {
      seq: position,
      id,
      type,
      subject,
      provider,
      time,
      createdAt: at,
      json: serializeEvent(e, position),
    };
    for (const step of steps) step({ ...stored, data: e.data }, at);
    return stored;
  };
}

/** A shard's recorder setup: `steps` run as events are decided, and each commit calls `forward`. */
export function shardPipeline(
  store: Store,
  steps: readonly AppendStep[],
  forward: () => Promise<void>,
): { pipeline: EventPipeline; sink: AppendSink } {
  return {
    // The sink runs `steps` itself (the recorder runs inTransaction only through its default sink).
    pipeline: { inTransaction: [], afterCommit: [() => void forward()] },
    sink: outboxSink(store, steps),
  };
}
