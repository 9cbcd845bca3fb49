/**
 * Start-up and idle memory: time from spawning the process to the first 200
 * from /healthz, and the resident set size once it has been idle for 2 s.
 * sitewire compiled (as `npm start` and the installed `sitewire` run it),
 * sitewire through the tsx loader (how it ran before it was compiled), and a
 * bare node:http server as the baseline, each started RUNS times.
 *
 * Run: npm run build && npx tsx bench/startup.ts [runs]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './servers';

const RUNS = Number(process.argv[2] ?? 5);
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const BARE = `require('node:http').createServer((q, s) => s.end('{"ok":true}')).listen(0, '127.0.0.1', function () {
  console.log('listening on http://127.0.0.1:' + this.address().port); });`;

const variants: [name: string, args: string[]][] = [
  ['sitewire, compiled (node dist/sitewire.js)', [join(ROOT, 'dist', 'sitewire.js'), 'serve']],
  ['sitewire, through tsx (before)', ['--import', TSX, join(ROOT, 'src', 'cli', 'main.ts'), 'serve']],
  ['bare node:http baseline', ['-e', BARE]],
];

async function once(args: string[]): Promise<{ startMs: number; rssMiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewire-startup-'));
  const started = performance.now();
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', SITEWIRE_DB: join(dir, 'relay.db') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      proc.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    while (
      !(await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    );
    const startMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 2_000));
    const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))![1]);
    return { startMs, rssMiB: kb / 1024 };
  } finally {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`| server | start-up to /healthz, median of ${RUNS} (ms) | idle RSS, median (MiB) |`);
console.log('|---|---:|---:|');
for (const [name, args] of variants) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(args));
  console.log(
    `| ${name} | ${median(runs.map((r) => r.startMs)).toFixed(0)} | ${median(runs.map((r) => r.rssMiB)).toFixed(1)} |`,
  );
}
