/**
 * SSE churn: cycles of many SSE connections opened, held until the relay
 * counts them all, then dropped at once. The client gauge must come back to
 * 0 after each cycle and the relay's RSS back near its baseline.
 */
import { connect, type Socket } from 'node:net';
import { ADMIN_TOKEN } from '../../test/helpers/relay';
import { sleep, startSoakRelay, until, type SoakResult } from './relay';

export interface SseChurnSizes {
  connections: number;
  cycles: number;
}

const MB = 1024 * 1024;

function openStream(url: string): Socket {
  const u = new URL(url);
  const s = connect(Number(u.port), u.hostname);
  s.on('error', () => {});
  s.on('data', () => {});
  s.write(`GET /v1/stream HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`);
  return s;
}

export async function sseChurn(sizes: SseChurnSizes): Promise<SoakResult> {
  const started = Date.now();
  const relay = await startSoakRelay({ SITEWIRE_SSE_HEARTBEAT_MS: '1000' });
  const failures: string[] = [];
  const peaks: number[] = [];
  const after: number[] = [];
  try {
    const cycle = async (label: string) => {
      const sockets: Socket[] = [];
      for (let i = 0; i < sizes.connections; i++) {
        sockets.push(openStream(relay.url));
        if (i % 200 === 199) await sleep(20); // do not overrun the listen backlog
      }
      const gauge = () => relay.metric('sitewire_sse_clients');
      const all = await until(async () => (await gauge()) === sizes.connections, 60_000, 250);
      if (!all) failures.push(`${label}: the gauge never reached ${sizes.connections} (${await gauge()})`);
      const peak = relay.current.rss();
      for (const s of sockets) s.destroy();
      const zero = await until(async () => (await gauge()) === 0, 30_000, 250);
      if (!zero) failures.push(`${label}: the gauge stayed at ${await gauge()} after the drop`);
      return peak;
    };
    // What stays: the lowest RSS over a few seconds after a drop (garbage not yet collected only raises it).
    const settled = async () => {
      let low = Infinity;
      for (let i = 0; i < 12; i++) {
        await sleep(250);
        low = Math.min(low, relay.current.rss());
      }
      return low;
    };
    // A first cycle, not counted, grows the heap to its working size (the allocator keeps most of it):
    // the baseline is taken after it, and the counted cycles must not grow on top of it.
    const start = relay.current.rss();
    await cycle('warm-up');
    const baseline = await settled();
    for (let c = 0; c < sizes.cycles; c++) {
      peaks.push(await cycle(`cycle ${c + 1}`));
      after.push(await settled());
    }
    const growth = after.at(-1)! - baseline;
    // Near baseline: a leak of what each cycle's connections held would add up cycle after cycle.
    if (growth > 64 * MB) failures.push(`RSS stayed ${(growth / MB).toFixed(0)} MB above its baseline`);
    return {
      scenario: 'SSE churn',
      figures: [
        ['connections x cycles', `${sizes.connections} x ${sizes.cycles}`],
        ['RSS at start MB', (start / MB).toFixed(0)],
        ['RSS baseline (after warm-up cycle) MB', (baseline / MB).toFixed(0)],
        ['RSS peak MB', (Math.max(...peaks) / MB).toFixed(0)],
        ['RSS after MB', after.map((r) => (r / MB).toFixed(0)).join(' / ')],
        ['gauge after', 0],
      ],
      failures,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await relay.stop();
  }
}
