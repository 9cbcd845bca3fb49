import { describe, expect, it } from 'vitest';
import { storedEvent } from './test-events';
import { silentLogger } from '../../log';
import { MAX_BATCH_EVENTS } from './batches';
import { createFanoutFeeder } from './feeder';

const event = (seq: number) => storedEvent(seq);

function feederWith(count: number, fail: (index: number, call: number) => boolean = () => false) {
  const sent: { index: number; seqs: number[] }[] = [];
  const waited: Promise<unknown>[] = [];
  let stubsMade = 0;
  let calls = 0;
  const feeder = createFanoutFeeder({
    count,
    target: (index) => {
      stubsMade++;
      return {
        publish: async (events) => {
          if (fail(index, calls++)) throw new Error('object reset');
          sent.push({ index, seqs: events.map((e) => e.seq) });
        },
      };
    },
    waitUntil: (p) => void waited.push(p),
    logger: silentLogger,
  });
  // The flush runs after the turn (a microtask); then every RPC it started settles.
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(waited);
  };
  return { feeder, sent, settle, stubs: () => stubsMade };
}

describe('the fan-out feeder', () => {
  it('sends the events of one turn as one RPC per fan-out, after the turn', async () => {
    const { feeder, sent, settle } = feederWith(2);
    for (const seq of [1, 2, 3]) feeder.publish(event(seq));
    expect(sent).toEqual([]); // nothing leaves while the turn's code runs
    await settle();
    expect(sent).toEqual([
      { index: 0, seqs: [1, 2, 3] },
      { index: 1, seqs: [1, 2, 3] },
    ]);
    feeder.publish(event(4));
    await settle();
    expect(sent.slice(2)).toEqual([
      { index: 0, seqs: [4] },
      { index: 1, seqs: [4] },
    ]);
    expect(feeder.objects).toBe(2);
  });

  it('splits a large turn into batches within the limits, in order', async () => {
    const { feeder, sent, settle } = feederWith(1);
    for (let seq = 1; seq <= MAX_BATCH_EVENTS * 2 + 1; seq++) feeder.publish(event(seq));
    await settle();
    expect(sent.map((s) => [s.seqs[0], s.seqs.length])).toEqual([
      [1, MAX_BATCH_EVENTS],
      [MAX_BATCH_EVENTS + 1, MAX_BATCH_EVENTS],
      [MAX_BATCH_EVENTS * 2 + 1, 1],
    ]);
  });

  it('logs a failed RPC, never throws it, and takes a new stub for that fan-out next time', async () => {
    const { feeder, sent, settle, stubs } = feederWith(2, (index, call) => index === 1 && call === 1);
    feeder.publish(event(1));
    await settle();
    expect(sent).toEqual([{ index: 0, seqs: [1] }]);
    expect(stubs()).toBe(2);
    feeder.publish(event(2));
    await settle();
    expect(sent.slice(1)).toEqual([
      { index: 0, seqs: [2] },
      { index: 1, seqs: [2] },
    ]);
    expect(stubs()).toBe(3);
  });
});
