/**
 * Slowloris: many connections trickle header bytes forever. /healthz must
 * stay answered meanwhile, and the server must close every one of them by
 * its own headers timeout (default 10 s; within 30 s).
 */
import { connect, type Socket } from 'node:net';
import { startSoakRelay, until, type SoakResult } from './relay';

export interface SlowlorisSizes {
  connections: number;
  /** SITEWIRE_HEADERS_TIMEOUT_MS for the run; undefined = the default. */
  headersTimeoutMs?: number;
}

export async function slowloris(sizes: SlowlorisSizes): Promise<SoakResult> {
  const started = Date.now();
  const timeout = sizes.headersTimeoutMs;
  const relay = await startSoakRelay(timeout ? { SITEWIRE_HEADERS_TIMEOUT_MS: String(timeout) } : {});
  const failures: string[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  const closedAfter: number[] = [];
  try {
    const u = new URL(relay.url);
    const opened = Date.now();
    const sockets: Socket[] = Array.from({ length: sizes.connections }, () => {
      const s = connect(Number(u.port), u.hostname);
      s.on('error', () => {});
      s.on('close', () => closedAfter.push(Date.now() - opened));
      s.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\nX-Slow: `);
      timers.push(setInterval(() => s.writable && s.write('a'), 500));
      return s;
    });
    const healthMs: number[] = [];
    const limit = 30_000;
    const allClosed = await until(
      async () => {
        const t = performance.now();
        const res = await fetch(`${relay.url}/healthz`);
        await res.body?.cancel();
        healthMs.push(performance.now() - t);
        if (res.status !== 200) failures.push(`/healthz answered ${res.status}`);
        return closedAfter.length === sizes.connections;
      },
      limit + 5000,
      250,
    );
    const open = sizes.connections - closedAfter.length;
    if (!allClosed) failures.push(`${open} slow connections still open after ${limit / 1000} s`);
    else if (Math.max(...closedAfter) > limit) failures.push(`the last closed after ${Math.max(...closedAfter)} ms`);
    for (const s of sockets) s.destroy();
    healthMs.sort((a, b) => a - b);
    return {
      scenario: 'slowloris',
      figures: [
        ['connections', sizes.connections],
        ['all closed after s', (Math.max(...closedAfter, 0) / 1000).toFixed(1)],
        ['/healthz p50 ms', healthMs[Math.floor(healthMs.length / 2)]?.toFixed(1) ?? '-'],
        ['/healthz max ms', healthMs.at(-1)?.toFixed(1) ?? '-'],
      ],
      failures,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    for (const t of timers) clearInterval(t);
    await relay.stop();
  }
}
