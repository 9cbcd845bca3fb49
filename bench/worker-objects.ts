/**
 * The Workers build under `wrangler dev`, per ingested event and per delivery:
 * SQLite rows the relay object writes (`sitewire_sqlite_rows_written_total`,
 * summed from each statement's `cursor.rowsWritten`) and the CPU time of the
 * workerd processes. CPU is the whole runtime's (the Worker, the relay object,
 * the fan-outs and the Queue consumer together): workerd's clock does not move
 * while code runs, so no object can time itself; phases are subtracted to
 * attribute it. Two topologies: listeners on fan-out objects (wrangler.toml),
 * and the same configuration without the FANOUT binding (listeners in the
 * relay object), which is how it ran before. Loopback only.
 *
 *   npm run bench:objects            # writes bench/RESULTS.md
 *   npm run bench:objects -- --quick # smaller counts, prints only
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSink } from '../test/helpers/sink';
import { warpwebWebhook } from '../test/helpers/webhook-requests';
import { startWranglerDev, type WranglerDev } from '../test/helpers/wrangler-dev';
import { openListeners } from './listeners';
import { auth, SECRET, TOKEN, workerdCpuMs } from './worker-probe';
import { ROOT } from './servers';

const QUICK = process.argv.includes('--quick');
const EVENTS = QUICK ? 60 : 300;
const LISTENERS = 40;
async function rowsWritten(relay: WranglerDev): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`, { headers: auth })).text();
  return Number(/^sitewire_sqlite_rows_written_total\{object="relay"\} (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

let next = 0;
/** Ingests n signed `site.complete` webhooks, four at a time, for sites `bench-<k>`. */
async function ingest(relay: WranglerDev, n: number): Promise<void> {
  const send = async () => {
    const k = next++;
    const body = {
      event_id: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
      type: 'site.complete',
      site_id: `bench-${k}`,
      occurred_at: new Date().toISOString(),
      payload: { deployment_url: `https://bench-${k}.warpweb.app` },
    };
    const res = await fetch(`${relay.url}/ingest/warpweb`, await warpwebWebhook(body, { secret: SECRET }));
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
  };
  for (let i = 0; i < n; i += 4) await Promise.all(Array.from({ length: Math.min(4, n - i) }, send));
}

async function until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs fn and returns the workerd CPU ms and the relay's rows it cost, per `per`. */
async function measure(relay: WranglerDev, per: number, fn: () => Promise<void>) {
  await new Promise((r) => setTimeout(r, 1500)); // let background work settle
  const [cpu0, rows0] = [workerdCpuMs(), await rowsWritten(relay)];
  await fn();
  await new Promise((r) => setTimeout(r, 1500)); // outcomes, batches and heartbeats that follow
  return { cpu: (workerdCpuMs() - cpu0) / per, rows: ((await rowsWritten(relay)) - rows0) / per };
}

/** wrangler.toml without the FANOUT binding: the relay object holds every stream, as before fan-outs. */
function configWithoutFanouts(dir: string): string {
  const text = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
    .replace(
      /\n# SSE streams are held here[^\n]*\n#[^\n]*\n\[\[durable_objects\.bindings\]\]\nname = "FANOUT"\n[^\n]*\n/,
      '\n',
    )
    .replace('main = "src/runtime/worker.ts"', `main = "${join(ROOT, 'src/runtime/worker.ts')}"`)
    .replace('"./src/runtime/zod-locales.ts"', `"${join(ROOT, 'src/runtime/zod-locales.ts')}"`);
  if (text.includes('name = "FANOUT"')) throw new Error('could not drop the FANOUT binding from wrangler.toml');
  const file = join(dir, 'wrangler.toml');
  writeFileSync(file, text);
  return file;
}

async function run(topology: 'fan-outs' | 'relay object', config?: string) {
  const sink = await startSink();
  const relay = await startWranglerDev(
    {
      SITEWIRE_ADMIN_TOKEN: TOKEN,
      WARPWEB_WEBHOOK_SECRET: SECRET,
      SITEWIRE_ALLOW_PRIVATE_TARGETS: 'true',
      SITEWIRE_LOG: 'warn',
    },
    120_000,
    config ? ['--config', config] : [],
  );
  try {
    await ingest(relay, 20); // warm-up
    const plain = await measure(relay, EVENTS, () => ingest(relay, EVENTS));

    let received = 0;
    const listeners = await openListeners(`${relay.url}/v1/stream?types=site.*`, LISTENERS, auth, () => received++);
    const streamed = await measure(relay, EVENTS, async () => {
      await ingest(relay, EVENTS);
      await until(() => received >= EVENTS * LISTENERS, 'every listener receiving every event');
    });
    if (listeners.dropped() > 0) throw new Error(`${listeners.dropped()} listeners dropped`);
    listeners.closeAll();

    const sub = await fetch(`${relay.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: sink.url, types: ['site.*'] }),
    });
    if (sub.status !== 201) throw new Error(`subscription answered ${sub.status}`);
    const delivered = await measure(relay, EVENTS, async () => {
      await ingest(relay, EVENTS);
      await until(() => sink.received.length >= EVENTS, 'every delivery');
    });
    return { topology, plain, streamed, delivered };
  } finally {
    await relay.stop();
    await sink.close();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sitewire-bench-objects-'));
  try {
    const results = [await run('fan-outs'), await run('relay object', configWithoutFanouts(dir))];
    const f = (n: number) => n.toFixed(2);
    const rows = [
      '| listeners held by | CPU ms / event, no listener | CPU ms / event, 40 listeners | of which per listener | CPU ms / delivery | relay rows / event | relay rows / delivery |',
      '| --- | --: | --: | --: | --: | --: | --: |',
      ...results.map(
        (r) =>
          `| ${r.topology} | ${f(r.plain.cpu)} | ${f(r.streamed.cpu)} | ${f((r.streamed.cpu - r.plain.cpu) / LISTENERS)} | ${f(r.delivered.cpu - r.plain.cpu)} | ${f(r.plain.rows)} | ${f(r.delivered.rows - r.plain.rows)} |`,
      ),
    ];
    const report = [
      `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model.split(' ')[0] ?? 'CPU'}, Node ${process.version}, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}. ${EVENTS} signed \`site.complete\` webhooks per phase, four at a time; ` +
        `CPU is every workerd process's (Worker, relay, fan-outs, Queue consumer); rows are the relay object's.`,
      '',
      ...rows,
    ].join('\n');
    console.log(report);
    if (!QUICK) writeResults(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces the generated section of bench/RESULTS.md, keeping the notes around it. */
function writeResults(report: string) {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const [start, end] = ['<!-- worker-objects:start -->', '<!-- worker-objects:end -->'];
  let text = readFileSync(file, 'utf8');
  if (!text.includes(start)) {
    text += `\n## Workers objects (\`npm run bench:objects\`)\n\n${start}\n${end}\n`;
  }
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${report}\n${text.slice(j)}`);
  // The repository's formatter pads the table columns, as npm run lint expects.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' });
}

await main();
