// Compiles the CLI and the Node server to one ES module, dist/sitewire.js, run by plain `node`
// (bin/sitewire.js, npm start). Dependencies stay in node_modules; only sitewire's own code is bundled.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/sitewire.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
