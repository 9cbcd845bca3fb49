/**
 * How many concurrent Lindo builds one API key follows within its budget (100/min, 1000/h), with
 * batch status polling against one GET per build (an API without the batch endpoint: the relay's
 * fallback). The relay's real poller and budget run on a driven clock against the Lindo simulator
 * over loopback HTTP, with default settings (3 s interval) and no webhooks (polling alone sees the
 * end of every build).
 *
 * - "500 builds": 500 builds start within a minute, each 1-2 minutes long (seeded; websites, pages
 *   and blogs, some partial or errored). Provider calls, calls per finished build, builds missed,
 *   when the end was seen, the most calls in any 60 s and any hour, 429s.
 * - "capacity": 600 builds that never end, for 40 minutes; from minute 10 on (the budget's burst
 *   spent), builds polled per minute / 20 (one poll every 3 s) = builds followed at the full rate.
 *
 *   npm run bench:lindo     (writes its section of bench/RESULTS.md)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { createRelay } from '../src/services/relay';
import { manualClock } from '../src/simulators/clock';
import type { LindoKind, WorkflowScript } from '../src/simulators/lindo-builds';
import { startLindoSim } from '../src/simulators/lindo-sim';
import { openNodeSqlite } from '../src/storage/node-sqlite';

type Mode = 'batch' | 'single';
const MINUTE = 60_000;
const FULL_RATE_POLLS_PER_MINUTE = 20; // one poll every 3 s
const KIND: Record<LindoKind, 'site' | 'page' | 'blog' | 'revision'> = {
  website: 'site',
  page: 'page',
  blog: 'blog',
  edit: 'revision',
};

function scripts(n: number, start: number, endless: boolean): WorkflowScript[] {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => {
    const kind: LindoKind = i % 20 < 12 ? 'website' : i % 20 < 17 ? 'page' : 'blog';
    return {
      kind,
      startAt: start + Math.floor(rnd() * MINUTE),
      durationMs: endless ? 24 * 3_600_000 : Math.round((1 + rnd()) * MINUTE),
      outcome: i % 25 === 24 ? 'errored' : kind === 'website' && i % 10 === 3 ? 'partial' : 'complete',
      hint: false,
    };
  });
}

function maxInWindow(times: number[], w: number): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! > w) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

async function run(mode: Mode, n: number, opts: { endless: boolean; runMs: number }) {
  const clock = manualClock();
  const dir = mkdtempSync(join(tmpdir(), 'sitewire-bench-'));
  const db = openNodeSqlite(join(dir, 'bench.db'));
  let armed: number | null = null;
  const sim = await startLindoSim({ clock, autoPump: false, batch: mode === 'batch' });
  const relay = createRelay({
    config: loadConfig({
      SITEWIRE_DB: ':memory:',
      LINDO_API_URL: sim.url,
      LINDO_API_KEY: sim.apiKey,
      SITEWIRE_ADMIN_TOKEN: 'bench-admin-token-000',
      SITEWIRE_WATCH_DEADLINE_S: '3600',
    }),
    db,
    logger: silentLogger,
    runtime: 'node',
    arm: (at) => void (armed = at),
    now: clock.now,
  });
  const t0 = clock.now();
  const builds = scripts(n, t0, opts.endless).map((s) => ({ script: s, id: sim.addWorkflow(s) }));
  const ended = new Map<string, number>();
  relay.hub.subscribe((e) => {
    if (/\.(complete|failed)$/.test(e.type)) ended.set(e.subject.split('/')[2]!, clock.now());
  });
  const starts = [...new Set(builds.map((b) => b.script.startAt!))].sort((a, b) => a - b);
  const watched = new Set<string>();
  const end = t0 + opts.runMs;
  while (clock.now() < end && (opts.endless || ended.size < n || watched.size < n)) {
    // The client creates each watch when it starts the build.
    for (const b of builds)
      if (b.script.startAt! <= clock.now() && !watched.has(b.id)) {
        watched.add(b.id);
        relay.watches.create({ provider: 'lindo', kind: KIND[b.script.kind], id: b.id });
      }
    await relay.ticker.tick();
    const nextStart = starts.find((s) => s > clock.now()) ?? Infinity;
    clock.set(Math.min(armed ?? Infinity, nextStart, end));
  }

  const requests = sim.statusRequests();
  const times = requests.map((r) => r.at);
  const batches = sim.batches;
  const gets = requests.filter((r) => r.method === 'GET');
  const steadyFrom = t0 + 10 * MINUTE;
  const steadyPolls =
    batches.filter((b) => b.at >= steadyFrom).reduce((s, b) => s + b.ids.length, 0) +
    gets.filter((r) => r.at >= steadyFrom).length;
  const steadyMinutes = (clock.now() - steadyFrom) / MINUTE;
  const delays = builds
    .filter((b) => ended.has(b.id))
    .map((b) => ended.get(b.id)! - (b.script.startAt! + b.script.durationMs))
    .sort((a, b) => a - b);
  const result = {
    mode,
    builds: n,
    finished: ended.size,
    missed: opts.endless ? 0 : n - ended.size,
    calls: requests.length,
    perMinute: maxInWindow(times, MINUTE),
    perHour: maxInWindow(times, 3_600_000),
    status429: requests.filter((r) => r.status === 429).length,
    p50: delays[Math.floor(delays.length / 2)] ?? 0,
    max: delays.at(-1) ?? 0,
    fullRate: steadyMinutes > 0 ? steadyPolls / steadyMinutes / FULL_RATE_POLLS_PER_MINUTE : 0,
    batchSize: batches.length ? batches.reduce((s, b) => s + b.ids.length, 0) / batches.length : 1,
  };
  db.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const followed = [];
for (const mode of ['batch', 'single'] as Mode[])
  followed.push(await run(mode, 500, { endless: false, runMs: 2 * 3_600_000 }));
const capacity = [];
for (const mode of ['batch', 'single'] as Mode[])
  capacity.push(await run(mode, 600, { endless: true, runMs: 40 * MINUTE }));
const [batchCap, singleCap] = capacity;
const ratio = batchCap!.fullRate / singleCap!.fullRate;

const section = [
  '<!-- lindo-capacity:start -->',
  '## Concurrent Lindo builds one key follows (`npm run bench:lindo`)',
  '',
  "One Lindo key (100 requests/min, 1000/h, enforced by the simulator; the relay's default budget keeps 10 % in",
  'reserve), default settings (3 s interval), no webhooks: polling alone sees every end. **batch**: due watches of a',
  'kind go out 25 to a request (`POST .../status/batch`); **single**: an API without the batch endpoint (one 404,',
  'then one GET per build). Calls counted at the simulator; the relay runs its real poller and budget on a driven clock.',
  '',
  '500 builds starting within one minute, each 1-2 minutes long (seeded: websites, pages, blogs; some partial or errored):',
  '',
  '| polling | builds reported | missed | provider calls | calls / finished build | avg ids / batch | max calls in any 60 s | in any hour | 429s | end seen after (p50 / max) |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...followed.map(
    (r) =>
      `| ${r.mode} | ${r.finished}/${r.builds} | ${r.missed} | ${r.calls} | ${(r.calls / Math.max(1, r.finished)).toFixed(2)} | ${r.mode === 'batch' ? r.batchSize.toFixed(1) : '-'} | ${r.perMinute} | ${r.perHour} | ${r.status429} | ${sec(r.p50)} / ${sec(r.max)} |`,
  ),
  '',
  '600 builds that never end, 40 minutes; builds polled per minute from minute 10 on (burst spent), divided by the',
  '20 polls a minute of the 3 s interval: how many builds the key follows at the full polling rate.',
  '',
  '| polling | provider calls | max calls in any 60 s | in any hour | 429s | builds followed at the full rate |',
  '|---|---|---|---|---|---|',
  ...capacity.map(
    (r) => `| ${r.mode} | ${r.calls} | ${r.perMinute} | ${r.perHour} | ${r.status429} | ${r.fullRate.toFixed(1)} |`,
  ),
  '',
  `Batch polling follows **${ratio.toFixed(2)}x** as many builds at the full rate as one GET per build (goal: >= 25x).`,
  `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.`,
  '<!-- lindo-capacity:end -->',
].join('\n');
console.log(section);

const file = join(import.meta.dirname, 'RESULTS.md');
const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
const marked = /<!-- lindo-capacity:start -->[\s\S]*<!-- lindo-capacity:end -->/;
writeFileSync(file, marked.test(old) ? old.replace(marked, section) : `${old.trimEnd()}\n\n${section}\n`);
