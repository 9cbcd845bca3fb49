/**
 * The CLI and the relay as separate processes, so a test can SIGKILL the
 * relay, restart it on the same file, and watch its memory from outside:
 * the checkout's source through tsx, or (`bin: true`) the compiled
 * bin/sitewire.js that `npm start` and an installed package run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { watchOrigin } from '../setup/contract-watch';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const BIN = join(ROOT, 'bin', 'sitewire.js');

export interface CliRun {
  proc: ChildProcess;
  /** Everything the process wrote so far. */
  stdout: () => string;
  stderr: () => string;
  /** Settles once the process is gone and its output read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ChildRelay extends CliRun {
  url: string;
  /** Resident set size in bytes, read from /proc (Linux). */
  rss(): number;
  /** Sends the signal (SIGTERM: a clean shutdown; SIGKILL: none) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Through bin/sitewire.js, as the installed command runs. */
  bin?: boolean;
}

/** Only what a bare machine has: no SITEWIRE_/WARPWEB_/LINDO_ variables leak in from the test runner. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' });

export function runCli(args: string[], opts: CliOptions = {}): CliRun {
  const entry = opts.bin ? [BIN] : ['--import', TSX_LOADER, MAIN];
  return runCliProcess(process.execPath, [...entry, ...args], opts);
}

/** Any command, with the bare environment and its output collected. */
export function runCliProcess(command: string, args: string[], opts: Omit<CliOptions, 'bin'> = {}): CliRun {
  const proc = spawn(command, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...baseEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with the first match of `pattern` in the process's stdout; rejects if it exits or times out first. */
export function waitForLine(run: CliRun, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.proc.stdout!.off('data', check);
      fn();
    };
    const check = () => {
      const m = pattern.exec(run.stdout());
      if (m) settle(() => resolve(m));
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${run.stdout()}; stderr: ${run.stderr()}`)),
        ),
      timeoutMs,
    );
    run.proc.stdout!.on('data', check);
    void run.exited.then(({ code, signal }) =>
      settle(() =>
        reject(
          new Error(
            `process exited (${code ?? signal}) before printing ${pattern}; stdout: ${run.stdout()}; stderr: ${run.stderr()}`,
          ),
        ),
      ),
    );
    check();
  });
}

/** `sitewire serve`, resolved once it prints the URL it listens on. */
export async function startChildRelay(opts: CliOptions = {}): Promise<ChildRelay> {
  const run = runCli(['serve'], opts);
  const [, url] = await waitForLine(run, /listening on (http:\/\/\S+)/);
  await watchOrigin(url!);
  return {
    ...run,
    url: url!,
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
