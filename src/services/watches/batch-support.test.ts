import { describe, expect, it } from 'vitest';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import { BATCH_RETRY_MS, batchOffKey, batchSupport } from './batch-support';

const T = Date.parse('2026-05-18T12:00:00.000Z');

describe('batchSupport: an API without the batch endpoint is polled one by one for an hour', () => {
  it('usable until marked; then not for an hour; then asked again', () => {
    const store = createStore(openNodeSqlite(':memory:'));
    const s = batchSupport(store, 'lindo');
    expect(s.usable(T)).toBe(true);
    s.markUnsupported(T);
    expect([T, T + BATCH_RETRY_MS - 1].map((t) => s.usable(t))).toEqual([false, false]);
    expect(s.usable(T + BATCH_RETRY_MS)).toBe(true);
    // Kept in the database: a restarted relay (a new instance on the same store) remembers.
    expect(batchSupport(store, 'lindo').usable(T + 1)).toBe(false);
    // Per provider key: another provider's batching is not affected.
    expect(batchSupport(store, 'other').usable(T + 1)).toBe(true);
  });

  it.each([
    ['a clock that jumped back more than the hour', String(T + 5 * BATCH_RETRY_MS), true],
    ['a value that is not a time', 'garbage', true],
    ['a mark still in force', String(T + 1000), false],
  ])('%s', (_name, stored, usable) => {
    const store = createStore(openNodeSqlite(':memory:'));
    store.meta.set(batchOffKey('lindo'), stored);
    expect(batchSupport(store, 'lindo').usable(T)).toBe(usable);
  });
});
