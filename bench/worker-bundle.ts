/**
 * The deployable Worker's size: `npx tsx bench/worker-bundle.ts`.
 * Builds with `wrangler deploy --dry-run` (nothing is uploaded) and prints
 * wrangler's upload and gzip figures, then what each package puts in the
 * minified output (esbuild's metafile).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkerBundle } from '../test/helpers/worker-bundle';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

const dir = mkdtempSync(join(tmpdir(), 'sitewire-bundle-'));
try {
  const b = await buildWorkerBundle(dir);
  console.log(`worker.js: ${b.uploadKiB} KiB, gzip ${b.gzipKiB} KiB`);
  const meta = JSON.parse(readFileSync(b.metafile, 'utf8')) as Metafile;
  const byPackage = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'sitewire (src)';
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  for (const [pkg, size] of [...byPackage].sort((x, y) => y[1] - x[1])) {
    console.log(`  ${pkg.padEnd(32)} ${(size / 1024).toFixed(1).padStart(6)} KiB minified`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
