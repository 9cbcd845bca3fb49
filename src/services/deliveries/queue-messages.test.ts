import { describe, expect, it } from 'vitest';
import { type DeliveryMessage, MAX_BATCH_BYTES, MAX_BATCH_MESSAGES, messageBytes, packBatches } from './queue-messages';

describe('Queue message batches', () => {
  it('packs sendBatch calls within the Queue limits: 100 messages and 256 KB', () => {
    const m = (i: number, size: number): DeliveryMessage => ({
      id: `d${i}`,
      lease: 1,
      url: 'https://e.x/',
      headers: {},
      body: 'x'.repeat(size),
    });
    const small = packBatches(Array.from({ length: 250 }, (_, i) => m(i, 10)));
    expect(small.map((b) => b.length)).toEqual([MAX_BATCH_MESSAGES, MAX_BATCH_MESSAGES, 50]);
    const large = packBatches(Array.from({ length: 5 }, (_, i) => m(i, 100_000)));
    for (const b of large) expect(b.reduce((s, x) => s + messageBytes(x), 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(large.flat().map((x) => x.id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
  });
});
