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
    /** Sends everything pending; true when the outbox is empty. One flush runs at a time; a second call joins it. */
    flush(): Promise<boolean> {
      running ??= drain().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
