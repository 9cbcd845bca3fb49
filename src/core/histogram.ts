/**
 * Prometheus histograms as values: which bucket an observation falls in, and
 * the cumulative `_bucket`/`_sum`/`_count` series from per-bucket counts.
 * Storing one count per bucket (not the cumulative ones) keeps an observation
 * to one counter write plus the sum.
 */
import { labelKey, type Labels, type MetricSample } from './metrics';

/** Seconds, for request-like durations: 5 ms to 60 s. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export const INF = '+Inf';

/** The `le` label of the bucket a value falls in (the first bound at or above it). */
export function bucketOf(buckets: readonly number[], value: number): string {
  const bound = buckets.find((b) => value <= b);
  return bound === undefined ? INF : String(bound);
}

export interface BucketCount {
  /** The series' labels including `le`. */
  labels: Labels;
  value: number;
}

/** The histogram's series: for each label set, cumulative buckets in bound order, then `_sum` and `_count`. */
export function histogramSamples(
  buckets: readonly number[],
  counts: readonly BucketCount[],
  sums: readonly { labels: Labels; value: number }[],
): MetricSample[] {
  const groups = new Map<string, { labels: Labels; byLe: Map<string, number> }>();
  for (const c of counts) {
    const { le, ...labels } = c.labels;
    const key = labelKey(labels);
    const group = groups.get(key) ?? { labels, byLe: new Map<string, number>() };
    group.byLe.set(le ?? INF, (group.byLe.get(le ?? INF) ?? 0) + c.value);
    groups.set(key, group);
  }
  const sumOf = new Map(sums.map((s) => [labelKey(s.labels), s.value]));
  const samples: MetricSample[] = [];
  for (const [key, { labels, byLe }] of groups) {
    let total = 0;
    for (const le of [...buckets.map(String), INF]) {
      total += byLe.get(le) ?? 0;
      samples.push({ labels: { ...labels, le }, value: total, suffix: '_bucket' });
    }
    samples.push({ labels, value: sumOf.get(key) ?? 0, suffix: '_sum' });
    samples.push({ labels, value: total, suffix: '_count' });
  }
  return samples;
}
