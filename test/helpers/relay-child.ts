/** The relay as a separate process (`sitewire serve`), so a test can SIGKILL it and start it again. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RelayChild {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
}

const BIN = join(import.meta.dirname, '../../bin/sitewire.js');

export async function spawnRelay(env: Record<string, string>): Promise<RelayChild> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${out}${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`relay exited (${code}): ${out}${err}`)));
  });
  return {
    url,
    child,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
