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
    // Warm up (JIT, heap) with one small cycle, then take the baseline.
    const warm = Array.from({ length: Math.min(100, sizes.connections) }, () => openStream(relay.url));
    await until(async () => (await relay.metric('sitewire_sse_clients')) === warm.length, 30_000);
    for (const s of warm) s.destroy();
    await until(async () => (await relay.metric('sitewire_sse_clients')) === 0, 30_000);
    await sleep(500);
    const baseline = relay.current.rss();
    for (let c = 0; c < sizes.cycles; c++) {
      const sockets: Socket[] = [];
      for (let i = 0; i < sizes.connections; i++) {
        sockets.push(openStream(relay.url));
        if (i % 200 === 199) await sleep(20); // do not overrun the listen backlog
      }
      const all = await until(async () => (await relay.metric('sitewire_sse_clients')) === sizes.connections, 60_000, 250);
      if (!all) failures.push(`cycle ${c + 1}: the gauge never reached ${sizes.connections} (${await relay.metric('sitewire_sse_clients')})`);
      peaks.push(relay.current.rss());
      for (const s of sockets) s.destroy();
      const zero = await until(async () => (await relay.metric('sitewire_sse_clients')) === 0, 30_000, 250);
      if (!zero) failures.push(`cycle ${c + 1}: the gauge stayed at ${await relay.metric('sitewire_sse_clients')} after the drop`);
      await sleep(1000);
      after.push(relay.current.rss());
    }
    const growth = Math.max(...after) - baseline;
    // Near baseline: what a cycle's connections held must not stay (V8 keeps some heap it grew into).
    const bound = Math.max(64 * MB, (Math.max(...peaks) - baseline) / 2);
    if (growth > bound) failures.push(`RSS stayed ${(growth / MB).toFixed(0)} MB above its baseline after the cycles`);
    return {
      scenario: 'SSE churn',
      figures: [
        ['connections x cycles', `${sizes.connections} x ${sizes.cycles}`],
        ['RSS baseline MB', (baseline / MB).toFixed(0)],
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
