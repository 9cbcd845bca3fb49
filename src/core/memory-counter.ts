/**
 * A labelled counter kept in memory: for things too frequent or too hostile
 * to cost a database write each (rejected requests). It restarts from zero
 * with the process, which Prometheus' rate() expects of a counter.
 */
import { labelKey, labelsOfKey, type Labels, type MetricFamily } from './metrics';

export function memoryCounter(name: string, help: string) {
  const values = new Map<string, number>();
  return {
    inc(labels: Labels = {}, by = 1): void {
      const key = labelKey(labels);
      values.set(key, (values.get(key) ?? 0) + by);
    },
    collect(): MetricFamily {
      return {
        name,
        help,
        type: 'counter',
        samples: [...values].map(([key, value]) => ({ labels: labelsOfKey(key), value })),
      };
    },
  };
}
