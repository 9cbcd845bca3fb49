import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../core/event';
import { storedEvent } from './test-events';
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, splitBatches } from './batches';

const event = (seq: number, bytes = 100) => storedEvent(seq, 'x'.repeat(bytes));
const events = (n: number, bytes?: number) => Array.from({ length: n }, (_, i) => event(i + 1, bytes));
const shape = (batches: StoredEvent[][]) => batches.map((b) => [b[0]!.seq, b.length]);

describe('splitBatches', () => {
  it.each([
    ['nothing', [], []],
    ['one event', events(1), [[1, 1]]],
    ['exactly the event limit', events(MAX_BATCH_EVENTS), [[1, MAX_BATCH_EVENTS]]],
    [
      'one past the event limit',
      events(MAX_BATCH_EVENTS + 1),
      [
        [1, MAX_BATCH_EVENTS],
        [MAX_BATCH_EVENTS + 1, 1],
      ],
    ],
    [
      'events that reach the byte limit in four',
      events(9, MAX_BATCH_BYTES / 4),
      [
        [1, 4],
        [5, 4],
        [9, 1],
      ],
    ],
    [
      'an oversized event, alone between others',
      [event(1), event(2, MAX_BATCH_BYTES + 1), event(3)],
      [
        [1, 1],
        [2, 1],
        [3, 1],
      ],
    ],
  ])('%s', (_name, input, expected) => {
    const batches = splitBatches(input);
    expect(shape(batches)).toEqual(expected);
    expect(batches.flat().map((e) => e.seq)).toEqual(input.map((e) => e.seq));
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(MAX_BATCH_EVENTS);
      if (b.length > 1) expect(b.reduce((n, e) => n + e.json.length, 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
  });

  it('keeps the limits far inside one Workers RPC message (32 MiB), even at 3 bytes per character', () => {
    expect(MAX_BATCH_BYTES * 3).toBeLessThan(32 * 1024 * 1024);
    expect(MAX_BATCH_EVENTS).toBeLessThanOrEqual(500);
  });
});
