#!/usr/bin/env node
// The compiled CLI (npm run build writes it; packing and installing build it first).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/sitewire.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('sitewire: dist/sitewire.js is missing; run `npm run build` in the sitewire folder first\n');
  process.exit(1);
}
await import(compiled.href);
