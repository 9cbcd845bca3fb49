/** The servers under test, each in its own process: sitewire as `npm start` runs it, and the raw baseline. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface Server {
  name: string;
  url: string;
  streamHeaders: Record<string, string>;
  /** CPU time the server process has used so far (user + system), ms. */
  cpuMs(): number;
  /** Resident set size of the server process, bytes (Linux /proc). */
  rssBytes(): number;
  stop(): Promise<void>;
}

export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  streamHeaders: Record<string, string>,
): Promise<Server> {
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each server to that directory (for finding the hot path).
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}/${name}`]
    : [];
  // sitewire runs compiled, as `npm start` runs it (npm run build first); the baseline is TypeScript run through tsx.
  const entry = script.endsWith('main.ts') ? [join(ROOT, 'dist', 'sitewire.js'), 'serve'] : ['--import', TSX, script];
  const proc: ChildProcess = spawn(process.execPath, [...profile, ...entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Never leave a server behind, whatever ends this run.
  const kill = () => proc.kill('SIGKILL');
  process.once('exit', kill);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return {
    name,
    url,
    streamHeaders,
    cpuMs() {
      // Fields 14 and 15 of /proc/<pid>/stat: utime and stime, in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    rssBytes() {
      const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
    },
    async stop() {
      process.off('exit', kill);
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}
