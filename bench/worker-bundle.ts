/**
 * The deployable Worker's size: `npx tsx bench/worker-bundle.ts`.
 * Builds with `wrangler deploy --dry-run` (nothing is uploaded) and prints
 * wrangler's upload and gzip figures, then what each package, and each
 * area of sitewire's own code, puts in the minified output (esbuild's metafile).
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
  const byArea = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      add(byPackage, pkg ?? 'sitewire (src)', bytesInOutput);
      // src/http/dashboard/x.ts -> http/dashboard; src/config.ts -> config.ts
      if (!pkg)
        add(byArea, input.split('/').slice(1, -1).slice(0, 2).join('/') || input.split('/').at(-1)!, bytesInOutput);
    }
  }
  const print = (map: Map<string, number>, indent: string) => {
    for (const [name, size] of [...map].sort((x, y) => y[1] - x[1])) {
      console.log(`${indent}${name.padEnd(34 - indent.length)} ${(size / 1024).toFixed(1).padStart(6)} KiB minified`);
    }
  };
  print(byPackage, '  ');
  console.log('  sitewire (src) by area:');
  print(byArea, '    ');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
