/** A labelled counter in the database (counters table): survives restarts and retention. */
import { labelKey, labelsOfKey, type Labels, type MetricFamily } from '../core/metrics';
import type { Store } from '../storage/store';

export function storedCounter(store: Store, name: string, help: string) {
  return {
    /** Call inside the transaction that writes what is counted, so the count is exact. */
    add(labels: Labels = {}, by = 1): void {
      store.counters.add(name, labelKey(labels), by);
    },
    collect(): MetricFamily {
      const samples = store.counters.series(name).map((r) => ({ labels: labelsOfKey(r.labels), value: r.value }));
      return { name, help, type: 'counter', samples };
    },
  };
}

export type StoredCounter = ReturnType<typeof storedCounter>;
