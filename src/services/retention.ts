/** Prunes what is older than SITEWIRE_RETENTION_DAYS, once an hour. */
import type { Store } from '../storage/store';
import type { DueTask } from './ticker';

const HOUR_MS = 3_600_000;

export type Pruner = (cutoff: number) => number;

export function createRetentionTask(store: Store, retentionDays: number, extra: Pruner[] = []): DueTask {
  return {
    name: 'retention',
    async run(now) {
      const cutoff = now - retentionDays * 86_400_000;
      store.transaction(() => {
        store.events.pruneBefore(cutoff);
        store.inbox.pruneBefore(cutoff);
        store.resources.pruneTerminalBefore(cutoff);
        for (const prune of extra) prune(cutoff);
      });
      return now + HOUR_MS;
    },
  };
}
