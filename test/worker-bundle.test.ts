import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkerBundle, type WorkerBundle } from './helpers/worker-bundle';

/** The budget for the gzipped Worker (docs: bench/RESULTS.md); the limit on Workers is far above it. */
const GZIP_BUDGET_KIB = 200;

const compatibilityDate = /^compatibility_date = "(.+)"$/m.exec(readFileSync('wrangler.toml', 'utf8'))![1];
const dir = mkdtempSync(join(tmpdir(), 'sitewire-bundle-'));
let bundle: WorkerBundle;
let mf: Miniflare | undefined;

beforeAll(async () => {
  bundle = await buildWorkerBundle(dir);
  console.log(`worker bundle: ${bundle.uploadKiB} KiB, gzip ${bundle.gzipKiB} KiB (budget ${GZIP_BUDGET_KIB} KiB)`);
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker within the gzip budget', () => {
    expect(bundle.gzipKiB).toBeGreaterThan(0);
    expect(bundle.gzipKiB).toBeLessThan(GZIP_BUDGET_KIB);
  });

  it('produces a bundle that serves the relay in workerd, with zod messages in English', async () => {
    mf = new Miniflare({
      modules: true,
      scriptPath: bundle.path,
      modulesRoot: bundle.dir,
      compatibilityDate,
      compatibilityFlags: ['nodejs_compat'],
      durableObjects: { RELAY: { className: 'SitewireRelay', useSQLite: true } },
      bindings: { SITEWIRE_ADMIN_TOKEN: 'bundle-admin-token-0123456789', SITEWIRE_LOG: 'error' },
    });
    const health = await mf.dispatchFetch('http://relay.test/healthz');
    expect(await health.json()).toMatchObject({ ok: true, runtime: 'workers', db: 'ok' });
    const bad = await mf.dispatchFetch('http://relay.test/v1/events?limit=0', {
      headers: { authorization: 'Bearer bundle-admin-token-0123456789' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_request', issues: [{ path: ['limit'], message: expect.stringMatching(/^Too small/) }] },
    });
  });
});
