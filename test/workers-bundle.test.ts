/**
 * The app must bundle for workerd the way wrangler bundles it (esbuild,
 * worker conditions, no Node built-ins) and, bundled, still generate its
 * OpenAPI document and serve the dashboard.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeSqlite } from '../src/storage/node-sqlite';
import { createTestApp } from './helpers/app';
import { ADMIN_TOKEN, relayEnv } from './helpers/relay';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sitewire-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRY = `
export { createApp } from './src/http/create-app';
export { createRelay } from './src/services/relay';
export { loadConfig } from './src/config';
export { silentLogger } from './src/log';
`;

describe('the Workers bundle', () => {
  it('has no Node-only import, and generates the same OpenAPI document', async () => {
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => /^node:|better-sqlite3|@hono\/node-server|src\/runtime\/|src\/cli\//.test(p))).toEqual(
      [],
    );
    expect(Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path))).toEqual([]);

    const file = join(dir, 'worker.mjs');
    writeFileSync(file, result.outputFiles[0]!.text);
    const bundled = await import(pathToFileURL(file).href);
    const db = openNodeSqlite(':memory:');
    const config = bundled.loadConfig(relayEnv(':memory:'));
    const relay = bundled.createRelay({ config, db, logger: bundled.silentLogger, runtime: 'workers', arm: () => {} });
    const app = bundled.createApp({ relay, adminToken: () => ADMIN_TOKEN });

    const fromBundle = await (await app.request('/openapi.json')).json();
    const t = createTestApp();
    const fromSource = await (await t.app.request('/openapi.json')).json();
    t.close();
    expect(fromBundle).toEqual(fromSource);
    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>sitewire</title>');
    db.close();
  });
});
