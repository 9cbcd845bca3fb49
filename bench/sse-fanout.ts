/**
 * webhook -> SSE fan-out: deliveries per second and latency (from sending the
 * ingest POST to the listener receiving the event) at 1, 100 and 1000
 * listeners, for sitewire (verifying, deduplicating, persisting every event
 * in SQLite) and for a raw node:http fan-out with no persistence, in the same
 * run on the same machine. Loopback only; every loop is bounded.
 *
 *   npm run bench:sse            # full run, writes bench/RESULTS.md
 *   npm run bench:sse -- --quick # smaller counts, prints only
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openListeners } from './listeners';
import { ROOT, startServer, type Server } from './servers';

const QUICK = process.argv.includes('--quick');
const SECRET = 'whsec_bench_secret_0123456789';
const TOKEN = 'bench-admin-token-0123456789';
/** Events not yet delivered to every listener: the writer waits for a slot beyond this. */
const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);
const SCENARIOS = [
  { listeners: 1, events: QUICK ? 500 : 4000 },
  { listeners: 100, events: QUICK ? 200 : 1500 },
  { listeners: 1000, events: QUICK ? 50 : 300 },
].filter((s) => !process.env.BENCH_LISTENERS || process.env.BENCH_LISTENERS.split(',').includes(String(s.listeners)));
const WARMUP = 50;
/** Rounds of every row, interleaved; the table shows each row's median round (by deliveries/s). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const DEADLINE_MS = 120_000;

interface Result {
  server: string;
  listeners: number;
  events: number;
  deliveries: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuPer1k: number;
  dropped: number;
  complete: boolean;
}

let k = 0;
let agent = new Agent({ keepAlive: true, maxSockets: WINDOW });

/** One retry when a kept-alive socket was closed under the request (no answer came, so nothing was taken in). */
async function postWebhook(url: string, n: number): Promise<void> {
  try {
    await postOnce(url, n);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ECONNRESET') throw err;
    await postOnce(url, n);
  }
}

function postOnce(url: string, n: number): Promise<void> {
  const body = JSON.stringify({
    event_id: `bench-event-${n}`,
    type: 'site.complete',
    site_id: `bench-${n}`,
    occurred_at: new Date().toISOString(),
    payload: {
      deployment_url: `https://bench-${n}.warpweb.app`,
      usage: { credits_charged: null, tokens_in: 1200, tokens_out: 5400, cost_usd: 0.42 },
    },
  });
  const ts = Math.floor(Date.now() / 1000);
  const signature = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/ingest/warpweb`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'x-warpweb-timestamp': String(ts),
          'x-warpweb-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`ingest answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function run(server: Server, listeners: number, events: number): Promise<Result> {
  const sentAt = new Map<number, number>();
  const got = new Map<number, number>();
  const latencies = new Float64Array(listeners * events);
  let samples = 0;
  let lastAt = 0;
  let measuredFrom = Infinity;
  let wake: (() => void) | null = null;
  /** Waits for a delivery to complete (or a second, to re-check the deadline). */
  const progress = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });
  let outstanding = 0;

  const conns = await openListeners(`${server.url}/v1/stream`, listeners, server.streamHeaders, (n, at) => {
    const count = (got.get(n) ?? 0) + 1;
    got.set(n, count);
    const sent = sentAt.get(n);
    if (sent !== undefined && sent >= measuredFrom) {
      latencies[samples++] = at - sent;
      lastAt = at;
    }
    if (count === listeners) {
      outstanding -= 1;
      got.delete(n);
      wake?.();
    }
  });

  // Fresh kept-alive sockets for every row: the server may have closed idle ones meanwhile.
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: WINDOW });
  const deadline = performance.now() + DEADLINE_MS;
  async function send(count: number) {
    const posts: Promise<void>[] = [];
    for (let i = 0; i < count && performance.now() < deadline; i++) {
      while (outstanding >= WINDOW && performance.now() < deadline) await progress();
      const n = ++k;
      outstanding += 1;
      sentAt.set(n, performance.now());
      posts.push(postWebhook(server.url, n));
      if (posts.length >= WINDOW) await posts.shift();
    }
    await Promise.all(posts);
    while (outstanding > 0 && performance.now() < deadline) await progress();
  }

  await send(WARMUP);
  const cpuBefore = server.cpuMs();
  measuredFrom = performance.now();
  await send(events);
  const cpu = server.cpuMs() - cpuBefore;
  const dropped = conns.dropped();
  conns.closeAll();
  await new Promise((r) => setTimeout(r, 300)); // let the server notice the closed listeners

  const sorted = latencies.subarray(0, samples).sort();
  return {
    server: server.name,
    listeners,
    events,
    deliveries: samples,
    perSecond: samples / ((lastAt - measuredFrom) / 1000),
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    cpuPer1k: (cpu / samples) * 1000,
    dropped,
    complete: samples === listeners * events,
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(results: Result[]): string {
  const rows = [
    '| listeners | server | deliveries/s | vs baseline | p50 ms | p99 ms | server CPU ms / 1k deliveries | complete |',
    '|---:|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const base = results.find((b) => b.server === 'baseline' && b.listeners === r.listeners)!;
    const ratio = r.server === 'baseline' ? '1.00x' : `${fmt(r.perSecond / base.perSecond, 2)}x`;
    const complete = r.complete ? 'yes' : `no (${r.deliveries}/${r.listeners * r.events}, ${r.dropped} dropped)`;
    rows.push(
      `| ${r.listeners} | ${r.server} | ${fmt(r.perSecond)} | ${ratio} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.cpuPer1k, 1)} | ${complete} |`,
    );
  }
  return rows.join('\n');
}

function machine(): string {
  const c = cpus();
  return `${c.length} x ${c[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sitewire-bench-'));
  const baseline = await startServer('baseline', join(ROOT, 'bench', 'baseline-server.ts'), {}, {});
  const sitewire = await startServer(
    'sitewire',
    join(ROOT, 'src', 'cli', 'main.ts'),
    {
      PORT: '0',
      SITEWIRE_DB: join(dir, 'sitewire.db'),
      SITEWIRE_ADMIN_TOKEN: TOKEN,
      WARPWEB_WEBHOOK_SECRET: SECRET,
      SITEWIRE_LOG: 'warn',
    },
    { authorization: `Bearer ${TOKEN}` },
  );
  const rounds: Result[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of SCENARIOS) {
        for (const server of [baseline, sitewire]) {
          const r = await run(server, s.listeners, s.events);
          rounds.push(r);
          console.error(
            `round ${round}: ${r.server} @ ${r.listeners}: ${fmt(r.perSecond)} deliveries/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, ${fmt(r.cpuPer1k, 1)} CPU ms/1k`,
          );
        }
      }
    }
  } finally {
    agent.destroy();
    await Promise.all([baseline.stop(), sitewire.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }

  const results = SCENARIOS.flatMap((s) =>
    ['baseline', 'sitewire'].map((name) => {
      const rs = rounds
        .filter((r) => r.server === name && r.listeners === s.listeners)
        .sort((a, b) => a.perSecond - b.perSecond);
      return rs[Math.floor((rs.length - 1) / 2)]!;
    }),
  );
  const report = [
    `Run ${new Date().toISOString()} on ${machine()}.`,
    `Events are signed Warpweb \`site.complete\` webhooks (one event each, ~0.8 KB frames), sent with at most ${WINDOW} events`,
    `not yet delivered to every listener; ${WARMUP} warm-up events per row are not counted. Both servers run in their own`,
    'process; the listeners and the sender share this one. Latency: ingest POST sent -> frame received by a listener.',
    `Each row is the median of ${ROUNDS} interleaved round(s); load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
    '',
    table(results),
  ].join('\n');
  console.log(`\n${report}\n`);
  if (!QUICK) writeResults(report);
}

/** Replaces the generated section of bench/RESULTS.md, keeping the notes around it. */
function writeResults(report: string) {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const [start, end] = ['<!-- sse-fanout:start -->', '<!-- sse-fanout:end -->'];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = `# Benchmark results\n\n## SSE fan-out (\`npm run bench:sse\`)\n\n${start}\n${end}\n`;
  }
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${report}\n${text.slice(j)}`);
}

await main();
