import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watchOrigin } from '../setup/contract-watch';
import { runCliProcess, type CliRun } from './relay-process';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

export interface WranglerDev extends CliRun {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `wrangler dev --local` with these variables; resolves once it is ready for requests.
 * @param extraArgs more wrangler arguments (the bench passes `--config` for a variant topology).
 */
export async function startWranglerDev(
  vars: Record<string, string>,
  timeoutMs = 90_000,
  extraArgs: string[] = [],
): Promise<WranglerDev> {
  const [port, inspector] = [await freePort(), await freePort()];
  const state = mkdtempSync(join(tmpdir(), 'sitewire-wrangler-'));
  const args = [
    WRANGLER,
    'dev',
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspector),
    '--persist-to',
    state,
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ...extraArgs,
  ];
  const run = runCliProcess(process.execPath, args, {
    cwd: ROOT,
    env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (run.proc.exitCode === null && run.proc.signalCode === null) run.proc.kill('SIGTERM');
    await run.exited;
    rmSync(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (run.proc.exitCode !== null || run.proc.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer /healthz; stdout: ${run.stdout()}; stderr: ${run.stderr()}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      await watchOrigin(url);
      return { ...run, url, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
