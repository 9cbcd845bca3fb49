/**
 * A fan-out republishes the relay's batches in sequence order, each event
 * once: duplicates and late batches are dropped, a batch past what it has
 * published is preceded by the missing events read from the log.
 */
import { describe, expect, it } from 'vitest';
import { storedEvent } from './test-events';
import { silentLogger } from '../../log';
import { createFanout, GAP_PAGE, type LogReader } from './fanout';

const event = (seq: number) => storedEvent(seq);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** A log holding sequences 1..last, counting its reads. */
function logUpTo(last: { value: number }) {
  const reads: number[] = [];
  const log: LogReader = {
    lastSeq: async () => last.value,
    after: async (afterSeq, _filter, limit) => {
      reads.push(afterSeq);
      return range(afterSeq + 1, Math.min(last.value, afterSeq + limit)).map(event);
    },
  };
  return { log, reads };
}

/** A fan-out started over a log whose newest sequence is `lastAtStart`. */
async function fanoutOver(lastAtStart: number) {
  const last = { value: lastAtStart };
  const { log, reads } = logUpTo(last);
  const fanout = createFanout({ log: () => log, logger: silentLogger });
  await fanout.ready();
  const seen: number[] = [];
  const listen = () => fanout.hub.subscribe((e) => seen.push(e.seq));
  const batch = (from: number, to: number) => {
    last.value = Math.max(last.value, to);
    return fanout.publish(range(from, to).map(event));
  };
  return { fanout, seen, reads, listen, batch, last };
}

describe('a fan-out', () => {
  it('starts at the log’s newest sequence and publishes each batch after it, in order', async () => {
    const f = await fanoutOver(10);
    f.listen();
    await f.batch(11, 12);
    await f.batch(13, 13);
    expect(f.seen).toEqual([11, 12, 13]);
    expect(f.fanout.lastPublished).toBe(13);
    expect(f.reads).toEqual([]);
  });

  it('drops a repeated or late batch', async () => {
    const f = await fanoutOver(0);
    f.listen();
    await f.batch(1, 3);
    await f.batch(2, 4);
    await f.batch(1, 2);
    expect(f.seen).toEqual([1, 2, 3, 4]);
  });

  it('fills a gap from the log before a batch that starts past what it has published', async () => {
    const f = await fanoutOver(5);
    f.listen();
    await f.batch(6, 6);
    f.last.value = 9; // 7-9 committed, their batch lost
    await f.batch(10, 11);
    expect(f.seen).toEqual(range(6, 11));
    expect(f.reads).toEqual([6]);
  });

  it('fills a gap longer than one page with several reads', async () => {
    const f = await fanoutOver(0);
    f.listen();
    f.last.value = GAP_PAGE * 2 + 10;
    await f.batch(GAP_PAGE * 2 + 11, GAP_PAGE * 2 + 11);
    expect(f.seen).toEqual(range(1, GAP_PAGE * 2 + 11));
    expect(f.reads).toEqual([0, GAP_PAGE, GAP_PAGE * 2]);
  });

  it('reads nothing for a gap while nobody listens: a stream that opens later replays from the log', async () => {
    const f = await fanoutOver(0);
    await f.batch(1, 1);
    f.last.value = 5;
    await f.batch(6, 7);
    expect(f.reads).toEqual([]);
    expect(f.fanout.lastPublished).toBe(7);
    f.listen();
    await f.batch(8, 8);
    expect(f.seen).toEqual([8]);
  });

  it('applies batches one after another even when they arrive together, and survives a failed read', async () => {
    const last = { value: 0 };
    const { log } = logUpTo(last);
    let failNext = true;
    const flaky: LogReader = {
      lastSeq: log.lastSeq,
      after: (a, f, l) => {
        if (!failNext) return log.after(a, f, l);
        failNext = false;
        return Promise.reject(new Error('relay reset'));
      },
    };
    const fanout = createFanout({ log: () => flaky, logger: silentLogger });
    const seen: number[] = [];
    fanout.hub.subscribe((e) => seen.push(e.seq));
    await fanout.ready();
    last.value = 6;
    const lost = fanout.publish([event(3)]); // 1-2 missing: the read fails
    const next = fanout.publish([event(5), event(6)]); // fills 1-4 from the log
    await expect(lost).rejects.toThrow('relay reset');
    await next;
    expect(seen).toEqual(range(1, 6));
  });
});
