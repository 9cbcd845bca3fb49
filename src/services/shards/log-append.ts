/**
 * The log's side of sharded ingest (docs/scaling.md#the-shard-outbox-and-the-logs-cursors):
 * a shard forwards its outbox in position order; the log appends each entry
 * after that shard's cursor through the recorder (global sequence, delivery
 * rows and the rest of the pipeline, the subject's state copy for reads) and
 * advances the cursor in the same transaction. A forward retried after a
 * lost acknowledgement is therefore appended nothing twice, and the log keeps
 * one row per shard to know it, not one per event.
 */
import type { OutboxEntry } from '../../storage/outbox-store';
import type { Store } from '../../storage/store';
import type { Recorder } from '../recorder';

/** At most this many entries per forward: one RPC, one transaction at the log. */
export const MAX_FORWARD_ENTRIES = 100;

export function createLogAppend(store: Store, recorder: Recorder) {
  return {
    /**
     * Appends the entries of `source` that follow its cursor, in order, and answers the position now
     * acknowledged (the shard deletes its outbox through it). An entry past a gap is not appended: the
     * shard still holds the missing ones and sends them again from the acknowledged position.
     */
    accept(source: string, entries: readonly OutboxEntry[]): number {
      return recorder.write((w) => {
        let cursor = store.outbox.cursor(source);
        const start = cursor;
        for (const entry of entries) {
          if (entry.position <= cursor) continue;
          if (entry.position !== cursor + 1) break;
          w.append(entry.event, entry.resource);
          cursor = entry.position;
        }
        if (cursor !== start) store.outbox.advance(source, cursor);
        return cursor;
      }).result;
    },
  };
}

export type LogAppend = ReturnType<typeof createLogAppend>;
