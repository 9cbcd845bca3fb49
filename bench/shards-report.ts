/**
 * Tables for `npm run bench:shards`: measured cost per event by phase, and the
 * projected sustained ingest at 1, 4, 16 and 100 shards with the limit that
 * binds first (1 s of CPU per second per object, about 1,000 requests/s per
 * object, the log's 10 GB over the retention window).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './servers';
import type { Cost } from './worker-probe';

export interface ShardRun {
  shards: number;
  fresh: Cost;
  duplicate: Cost;
  sequential: Cost;
  streamed: Cost;
  delivered: Cost;
  bytes: number;
}

const REQUESTS_PER_OBJECT = 1000;
const BATCH = 100; // outbox entries per forward to the log, at most
const RETENTION_DAYS = 7;
const STORAGE = 10e9;
const f = (n: number) => n.toFixed(2);
const r = (n: number) => Math.round(n).toLocaleString('en-US');

/** Sustained events/s at n shards: the smallest of each object's ceilings, and its name. */
function project(run: ShardRun, n: number, batched: boolean) {
  // Conservative on both sides: a shard is charged the Worker's verify as well, the
  // log is charged the shard's commit beyond dedup (phases cannot separate them).
  const shardCpu = run.fresh.cpu;
  const logCpu = (batched ? run.fresh.cpu : run.sequential.cpu) - run.duplicate.cpu;
  const limits: [string, number][] = [
    [`shard CPU (${f(shardCpu)} ms/event)`, (n * 1000) / shardCpu],
    ['shard requests (1,000/s each)', n * REQUESTS_PER_OBJECT],
    [`log CPU (${f(logCpu)} ms/event)`, 1000 / logCpu],
    [`log requests (${batched ? BATCH : 1} per forward)`, REQUESTS_PER_OBJECT * (batched ? BATCH : 1)],
  ];
  return limits.reduce((a, b) => (b[1] < a[1] ? b : a));
}

export function report(runs: ShardRun[], o: { events: number; listeners: number; at: number }): string {
  const costs = [
    '| shards | Worker + shard (duplicate) ms | + commit + log append ms | log append, one at a time ms | fan-out per listener ms | per delivery ms | shard rows / event (duplicate) | shard rows / event | log rows / event (duplicate) | log rows / event | log rows / event, one at a time | log rows / event, subscribed | bytes / event |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...runs.map(
      (x) =>
        `| ${x.shards} | ${f(x.duplicate.cpu)} | ${f(x.fresh.cpu - x.duplicate.cpu)} | ${f(x.sequential.cpu - x.duplicate.cpu)} | ` +
        `${f((x.streamed.cpu - x.fresh.cpu) / o.listeners)} | ${f(x.delivered.cpu - x.fresh.cpu)} | ${f(x.duplicate.shards)} | ` +
        `${f(x.fresh.shards)} | ${f(x.duplicate.log)} | ${f(x.fresh.log)} | ${f(x.sequential.log)} | ${f(x.delivered.log)} | ${r(x.bytes)} |`,
    ),
  ];
  // Per-event costs do not depend on the shard count; the larger of the runs' figures is projected.
  const worst = (k: 'fresh' | 'duplicate' | 'sequential'): Cost => ({
    cpu: Math.max(...runs.map((x) => x[k].cpu - (k === 'duplicate' ? 0 : x.duplicate.cpu))),
    log: 0,
    shards: 0,
  });
  const first = runs[0];
  if (!first) return '';
  const dup = worst('duplicate');
  const base: ShardRun = {
    ...first,
    duplicate: dup,
    fresh: { ...first.fresh, cpu: dup.cpu + worst('fresh').cpu },
    sequential: { ...first.sequential, cpu: dup.cpu + worst('sequential').cpu },
    bytes: Math.max(...runs.map((x) => x.bytes)),
  };
  const projection = [
    '| shards | events/s, forwards batched | binds first | events/s, forwards one at a time | binds first |',
    '| --: | --: | --- | --: | --- |',
    ...[1, 4, 16, 100].map((n) => {
      const [bl, bv] = project(base, n, true);
      const [sl, sv] = project(base, n, false);
      return `| ${n} | ${r(bv)} | ${bl} | ${r(sv)} | ${sl} |`;
    }),
  ];
  const storageRate = STORAGE / (RETENTION_DAYS * 86_400 * base.bytes);
  return [
    `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model.split(' ')[0] ?? 'CPU'}, Node ${process.version}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}. ${o.events} signed \`site.complete\` webhooks per phase, ${o.at} at a time ` +
      `(one at a time in the unbatched phase), ${o.listeners} SSE listeners. CPU is the whole workerd runtime's ` +
      '(Worker, shards, log, fan-outs, Queue consumer), attributed by subtracting phases; rows are per object from `/metrics`.',
    '',
    ...costs,
    '',
    `Projection from the larger figure of the runs for each phase (each object: 1 s of CPU per second, about ${r(REQUESTS_PER_OBJECT)} requests/s):`,
    '',
    ...projection,
    '',
    `Storage ceiling, unchanged by shards: 10 GB / (${RETENTION_DAYS} days × ${r(base.bytes)} bytes per event) ≈ ` +
      `${f(storageRate)} events/s sustained (the log keeps every event for SITEWIRE_RETENTION_DAYS).`,
  ].join('\n');
}

/** Replaces the generated section of bench/RESULTS.md, keeping the notes around it. */
export function writeShardResults(text: string) {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const [start, end] = ['<!-- worker-shards:start -->', '<!-- worker-shards:end -->'];
  let md = readFileSync(file, 'utf8');
  if (!md.includes(start)) md += `\n## Workers shards (\`npm run bench:shards\`)\n\n${start}\n${end}\n`;
  const i = md.indexOf(start);
  const j = md.indexOf(end);
  writeFileSync(file, `${md.slice(0, i + start.length)}\n${text}\n${md.slice(j)}`);
  execFileSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' });
}
