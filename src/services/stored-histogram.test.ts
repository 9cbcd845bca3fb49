/** The durable histogram over real SQLite: fractional sums survive, and a reopened store reads the same series. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMetrics } from '../core/metrics';
import { openNodeSqlite } from '../storage/node-sqlite';
import { createStore } from '../storage/store';
import { storedHistogram } from './stored-histogram';

const dir = mkdtempSync(join(tmpdir(), 'sitewire-hist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storedHistogram', () => {
  it('keeps buckets and sums across a reopen', () => {
    const path = join(dir, 'h.db');
    const first = openNodeSqlite(path);
    const store = createStore(first);
    const h = storedHistogram(store, 'sitewire_x_seconds', 'X.', [0.1, 1]);
    store.transaction(() => {
      h.observe(0.05, { outcome: 'ok' });
      h.observe(0.25, { outcome: 'ok' });
      h.observe(7.5, { outcome: 'ok' });
    });
    first.close();
    const reopened = openNodeSqlite(path);
    const text = renderMetrics([
      storedHistogram(createStore(reopened), 'sitewire_x_seconds', 'X.', [0.1, 1]).collect(),
    ]);
    reopened.close();
    expect(text.split('\n').slice(2, -1)).toEqual([
      'sitewire_x_seconds_bucket{le="0.1",outcome="ok"} 1',
      'sitewire_x_seconds_bucket{le="1",outcome="ok"} 2',
      'sitewire_x_seconds_bucket{le="+Inf",outcome="ok"} 3',
      'sitewire_x_seconds_sum{outcome="ok"} 7.8',
      'sitewire_x_seconds_count{outcome="ok"} 3',
    ]);
  });
});
