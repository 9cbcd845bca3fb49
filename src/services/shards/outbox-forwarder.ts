/**
 * A resource shard forwards its outbox to the log: the oldest entries in one
 * batch per call, dropping what the log acknowledges. Whatever fails (the
 * RPC, the shard's eviction after its commit) leaves the entries in the
 * outbox, and the next flush — the shard's alarm — sends them again; the
 * log's cursor makes that harmless (log-append.ts).
 */
import type { OutboxEntry } from '../../storage/outbox-store';
import type { Store } from '../../storage/store';
import { MAX_FORWARD_ENTRIES } from './log-append';

/** The log's `accept` over whatever transport: answers the position acknowledged. */
export type SendToLog = (entries: OutboxEntry[]) => Promise<number>;

export function createOutboxForwarder(store: Store, send: SendToLog) {
  let running: Promise<boolean> | undefined;
  /** A flush was asked for while one ran: entries committed since may have missed its last read. */
  let again = false;

  async function drain(): Promise<boolean> {
    for (;;) {
      const entries = store.outbox.pending(MAX_FORWARD_ENTRIES);
      if (!entries.length) return true;
      const acknowledged = await send(entries);
      store.outbox.acknowledge(acknowledged);
      // The log stopped before the batch's end (a gap it refused): what is left goes next time.
      if (acknowledged < entries[entries.length - 1]!.position) return false;
    }
  }

  return {
    /**
     * Sends everything pending; true when the outbox is empty. One flush runs at a time: a call made
     * meanwhile joins it, and the flush then reads the outbox once more before it settles, so what
     * the caller committed before calling is sent by the time its promise resolves.
     */
    flush(): Promise<boolean> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        let done: boolean;
        do {
          again = false;
          done = await drain();
        } while (again && done);
        return done;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
