/** Builds the deployable Worker exactly as `wrangler deploy` would, without uploading it. */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface WorkerBundle {
  dir: string;
  /** The bundled module, as wrangler writes it. */
  path: string;
  bytes: number;
  /** esbuild's build metadata (bundle-meta.json): what each input puts in the output. */
  metafile: string;
  /** wrangler's own figures ("Total Upload: … KiB / gzip: … KiB"). */
  uploadKiB: number;
  gzipKiB: number;
}

const WRANGLER = join(process.cwd(), 'node_modules', '.bin', 'wrangler');

export async function buildWorkerBundle(outdir: string): Promise<WorkerBundle> {
  const { stdout, stderr } = await promisify(execFile)(
    WRANGLER,
    ['deploy', '--dry-run', '--outdir', outdir, '--metafile'],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
      timeout: 120_000,
    },
  );
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout + stderr);
  if (!m) throw new Error(`wrangler printed no upload size:\n${stdout}\n${stderr}`);
  const path = join(outdir, 'worker.js');
  return {
    dir: outdir,
    path,
    bytes: statSync(path).size,
    metafile: join(outdir, 'bundle-meta.json'),
    uploadKiB: Number(m[1]),
    gzipKiB: Number(m[2]),
  };
}
