import { describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { startSink, type Received } from './helpers/sink';
import { deliveriesOf, sendForm, subscribe, eventually } from './helpers/subscriptions';

const relay = useTestRelay({ SITEWIRE_RETRY_SCHEDULE: '50ms,100ms,200ms' });

const nameOf = (r: Received) => (JSON.parse(r.body).data.form as { name: string }).name;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('delivery order', () => {
  it('holds later events of a resource behind a failing earlier one, and never holds other resources', async () => {
    const sReceived = deferred();
    let r1Attempts = 0;
    const sink = await startSink(async (req, _i) => {
      const name = nameOf(req);
      if (name === 'S2') sReceived.resolve();
      if (name !== 'R1') return { status: 200 };
      r1Attempts += 1;
      // The second failure is answered only once S's events have arrived: they were not held back.
      if (r1Attempts === 2) await sReceived.promise;
      return { status: r1Attempts <= 2 ? 500 : 200 };
    });
    const sub = await subscribe(relay, { url: sink.url, types: ['form.submitted'] });
    for (const [site, name] of [
      ['order-R', 'R1'],
      ['order-R', 'R2'],
      ['order-R', 'R3'],
      ['order-S', 'S1'],
      ['order-S', 'S2'],
    ]) {
      await sendForm(relay, site!, name!);
    }

    await eventually(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length).toBe(5);
    const names = sink.received.map(nameOf);
    expect(names.filter((n) => n.startsWith('R'))).toEqual(['R1', 'R1', 'R1', 'R2', 'R3']);
    expect(names.filter((n) => n.startsWith('S'))).toEqual(['S1', 'S2']);
    const r1Success = names.lastIndexOf('R1');
    expect(names.indexOf('S2')).toBeLessThan(r1Success);
    expect(names.indexOf('R2')).toBeGreaterThan(r1Success);
    // Sequence order within the resource.
    const rSeqs = sink.received
      .filter((r) => nameOf(r).startsWith('R'))
      .map((r) => Number(JSON.parse(r.body).sequence));
    expect(rSeqs).toEqual([...rSeqs].sort((a, b) => a - b));
    await sink.close();
  });

  it('lets a slow receiver hold only its own slots', async () => {
    const release = deferred();
    const slow = await startSink(async () => {
      await release.promise;
      return { status: 200 };
    });
    const fast = await startSink();
    const slowSub = await subscribe(relay, {
      url: slow.url,
      resources: Array.from({ length: 12 }, (_, i) => `warpweb/site/slow-${i}`),
    });
    const fastSub = await subscribe(relay, {
      url: fast.url,
      resources: Array.from({ length: 12 }, (_, i) => `warpweb/site/slow-${i}`),
    });
    for (let i = 0; i < 12; i++) await sendForm(relay, `slow-${i}`, `N${i}`);

    // Every event reaches the fast receiver while the slow one still sits on its first requests.
    await eventually(() => fast.received.length).toBe(12);
    await eventually(() => slow.received.length).toBe(8); // its concurrency bound
    expect((await deliveriesOf(relay, slowSub.id, 'succeeded')).length).toBe(0);

    release.resolve();
    await eventually(async () => (await deliveriesOf(relay, slowSub.id, 'succeeded')).length).toBe(12);
    expect((await deliveriesOf(relay, fastSub.id, 'succeeded')).length).toBe(12);
    expect(slow.received).toHaveLength(12);
    await Promise.all([slow.close(), fast.close()]);
  });
});
