/**
 * Memory under stuck SSE clients: raw TCP clients ask for /v1/stream and never
 * read, while ~200 MB of events pass through the relay. Frames are encoded
 * once and shared by every client, so a relay that kept unread frames would
 * grow by the volume of events; with SITEWIRE_SSE_MAX_BUFFER_BYTES each stuck
 * client is cut off once it falls that far behind. The relay runs as
 * `npm start` runs it, in its own process; its RSS is read from /proc, once
 * with the bound (64 KiB) and once with the bound lifted (4 GiB), for contrast.
 * test/slow-client.test.ts checks the behaviour (cut off, the others served);
 * this prints the memory figure.
 *
 *   npx tsx bench/slow-client-memory.ts
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer } from './servers';

const MB = 1024 * 1024;
const STUCK_CLIENTS = 4;
const WARMUP_EVENTS = 20;
const BIG_EVENTS = 100;
const PAD = 2 * MB;
const TOKEN = 'bench-admin-token-0123456789';
const SECRET = 'whsec_bench_secret_0123456789';
const LINDO_TOKEN = 'bench-lindo-token';

/** Opens the stream over raw TCP and never reads from it. */
function stuckClient(url: string): Socket {
  const u = new URL(url);
  const socket = connect(Number(u.port), u.hostname);
  socket.pause();
  socket.on('error', () => {});
  socket.write(
    `GET /v1/stream HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${TOKEN}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  return socket;
}

async function post(url: string, path: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
}

async function run(maxBufferBytes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sitewire-bench-'));
  const server = await startServer(
    'sitewire',
    join(ROOT, 'src', 'cli', 'main.ts'),
    {
      PORT: '0',
      SITEWIRE_DB: join(dir, 'bench.db'),
      SITEWIRE_ADMIN_TOKEN: TOKEN,
      WARPWEB_WEBHOOK_SECRET: SECRET,
      LINDO_WEBHOOK_TOKEN: LINDO_TOKEN,
      SITEWIRE_SSE_MAX_BUFFER_BYTES: String(maxBufferBytes),
      SITEWIRE_MAX_BODY_BYTES: String(4 * MB),
      SITEWIRE_LOG: 'warn',
    },
    {},
  );
  const pad = 'x'.repeat(PAD);
  let n = 0;
  // The same traffic as the test: a big pass-through event and a small build event, in turn.
  const send = async (count: number) => {
    for (let i = 0; i < count; i++) {
      n += 1;
      await post(
        server.url,
        `/ingest/lindo?token=${LINDO_TOKEN}`,
        `{"event":"client.created","data":{"client_id":"big-${n}","pad":"${pad}"}}`,
      );
      const body = JSON.stringify({
        event_id: crypto.randomUUID(),
        type: 'site.research_ready',
        site_id: 'normal',
        occurred_at: new Date().toISOString(),
        payload: { message: `step ${n}` },
      });
      const ts = Math.floor(Date.now() / 1000);
      const signature = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;
      await post(server.url, '/ingest/warpweb', body, {
        'x-warpweb-timestamp': String(ts),
        'x-warpweb-signature': signature,
      });
    }
  };
  try {
    // Warm up (JIT, SQLite cache, heap) with the same traffic, then take the baseline.
    await send(WARMUP_EVENTS);
    const baseline = server.rssBytes();
    const stuck = Array.from({ length: STUCK_CLIENTS }, () => stuckClient(server.url));
    await new Promise((r) => setTimeout(r, 200)); // the server takes the connections
    let peak = baseline;
    for (let i = 0; i < BIG_EVENTS; i += 10) {
      await send(10);
      peak = Math.max(peak, server.rssBytes());
    }
    const closed = await Promise.all(
      stuck.map(
        (s) =>
          new Promise<boolean>((resolve) => {
            if (s.destroyed) return resolve(true);
            s.once('close', () => resolve(true));
            s.on('data', () => {});
            s.resume();
            setTimeout(() => resolve(false), 2000);
          }),
      ),
    );
    for (const s of stuck) s.destroy();
    return { maxBufferBytes, baseline, peak, growth: peak - baseline, cutOff: closed.filter(Boolean).length };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const unread = BIG_EVENTS * PAD;
console.log(
  `${STUCK_CLIENTS} stuck SSE clients, ${BIG_EVENTS} events of ${PAD / MB} MB each (${unread / MB} MB unread by each),`,
);
console.log(
  `${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('| buffer bound | RSS baseline | RSS peak | growth | stuck clients cut off |');
console.log('|---|---:|---:|---:|---:|');
for (const bound of [64 * 1024, 4 * 1024 * MB]) {
  const r = await run(bound);
  const mb = (b: number) => `${(b / MB).toFixed(0)} MB`;
  const label = bound >= 1024 * MB ? `${bound / 1024 / MB} GiB (lifted)` : `${bound / 1024} KiB`;
  console.log(`| ${label} | ${mb(r.baseline)} | ${mb(r.peak)} | ${mb(r.growth)} | ${r.cutOff}/${STUCK_CLIENTS} |`);
}
