import { describe, expect, it } from 'vitest';
import { bucketOf, histogramSamples } from './histogram';
import { renderMetrics } from './metrics';

const BUCKETS = [0.1, 1, 10];

describe('bucketOf', () => {
  it.each([
    [0, '0.1'],
    [0.1, '0.1'],
    [0.11, '1'],
    [10, '10'],
    [10.5, '+Inf'],
  ])('%s falls in le=%s', (value, le) => {
    expect(bucketOf(BUCKETS, value)).toBe(le);
  });
});

describe('histogramSamples', () => {
  it('renders cumulative buckets, the sum and the count per label set', () => {
    const samples = histogramSamples(
      BUCKETS,
      [
        { labels: { outcome: 'ok', le: '0.1' }, value: 2 },
        { labels: { outcome: 'ok', le: '10' }, value: 1 },
        { labels: { outcome: 'failed', le: '+Inf' }, value: 1 },
      ],
      [
        { labels: { outcome: 'ok' }, value: 5.15 },
        { labels: { outcome: 'failed' }, value: 12 },
      ],
    );
    expect(renderMetrics([{ name: 'x_seconds', help: 'X.', type: 'histogram', samples }])).toBe(
      [
        '# HELP x_seconds X.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{le="0.1",outcome="ok"} 2',
        'x_seconds_bucket{le="1",outcome="ok"} 2',
        'x_seconds_bucket{le="10",outcome="ok"} 3',
        'x_seconds_bucket{le="+Inf",outcome="ok"} 3',
        'x_seconds_sum{outcome="ok"} 5.15',
        'x_seconds_count{outcome="ok"} 3',
        'x_seconds_bucket{le="0.1",outcome="failed"} 0',
        'x_seconds_bucket{le="1",outcome="failed"} 0',
        'x_seconds_bucket{le="10",outcome="failed"} 0',
        'x_seconds_bucket{le="+Inf",outcome="failed"} 1',
        'x_seconds_sum{outcome="failed"} 12',
        'x_seconds_count{outcome="failed"} 1',
        '',
      ].join('\n'),
    );
  });
});
