/**
 * A labelled Prometheus histogram in the database (counters table): one row
 * per label set and bucket, one for the sum, so restarts and retention never
 * reset it. Observe inside the transaction of what is measured.
 */
import { bucketOf, DURATION_BUCKETS, histogramSamples } from '../core/histogram';
import { labelKey, labelsOfKey, type Labels, type MetricFamily } from '../core/metrics';
import type { Store } from '../storage/store';

export function storedHistogram(
  store: Store,
  name: string,
  help: string,
  buckets: readonly number[] = DURATION_BUCKETS,
) {
  // Row names no exposed metric can have, so they never clash with a counter's.
  const bucketRows = `${name}:bucket`;
  const sumRows = `${name}:sum`;
  const read = (rows: string) =>
    store.counters.series(rows).map((r) => ({ labels: labelsOfKey(r.labels), value: r.value }));
  return {
    observe(value: number, labels: Labels = {}): void {
      store.counters.add(bucketRows, labelKey({ ...labels, le: bucketOf(buckets, value) }));
      store.counters.add(sumRows, labelKey(labels), value);
    },
    collect(): MetricFamily {
      return { name, help, type: 'histogram', samples: histogramSamples(buckets, read(bucketRows), read(sumRows)) };
    },
  };
}

export type StoredHistogram = ReturnType<typeof storedHistogram>;
