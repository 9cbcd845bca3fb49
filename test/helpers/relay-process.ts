/**
 * The relay as its own process, started the way `npm start` starts it
 * (tsx running src/cli/main.ts serve), so a test can SIGKILL it, restart it
 * on the same file, and watch its memory from outside.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export interface ChildRelay {
  proc: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident set size in bytes, read from /proc (Linux). */
  rss(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Only what a bare machine has: no SITEWIRE_/WARPWEB_/LINDO_ variables leak in from the test runner. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' });

export function runCli(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const proc = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...baseEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, stdout: () => out, stderr: () => err, exited };
}

export async function startChildRelay(opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<ChildRelay> {
  const run = runCli(['serve'], opts);
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(run.stdout());
      if (m) resolve(m[1]!);
    };
    run.proc.stdout!.on('data', check);
    void run.exited.then(({ code, signal }) => reject(new Error(`relay exited (${code ?? signal}) before listening: ${run.stderr()}`)));
  });
  return {
    ...run,
    url,
    rss() {
      const status = readFileSync(`/proc/${run.proc.pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
    },
    async stop(signal = 'SIGTERM') {
      if (run.proc.exitCode === null && run.proc.signalCode === null) run.proc.kill(signal);
      await run.exited;
    },
  };
}
