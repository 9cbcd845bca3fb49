/**
 * sitewire as a user installs it: `npm pack`, then the tarball installed into
 * an empty folder and run with plain Node. No TypeScript loader is in the
 * package or in the installed dependencies, so nothing but compiled code
 * can run. (The one native dependency, better-sqlite3, compiles for a
 * minute or more on install; the folder gets the addon this checkout
 * already compiled for the same version and Node, instead of a second build.)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, waitForLine } from './helpers/relay-process';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const ADDON = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
let dir: string;
let packed: { files: { path: string }[] }[];

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sitewire-install-'));
  packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'try-sitewire', private: true }));
  const tarball = join(dir, `${pkg.name}-${pkg.version}.tgz`);
  npm(['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], dir);
  mkdirSync(dirname(join(dir, ADDON)), { recursive: true });
  copyFileSync(join(ROOT, ADDON), join(dir, ADDON));
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const bin = () => join(dir, 'node_modules', '.bin', 'sitewire');

describe('the packed and installed package', () => {
  it('ships only what runs: the bin, the compiled code, README and LICENSE', () => {
    const files = packed[0]!.files.map((f) => f.path).sort();
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'bin/sitewire.js',
      'dist/sitewire.js',
      'dist/sitewire.js.map',
      'package.json',
    ]);
    expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'typescript'))).toBe(false);
  });

  it('answers --version with the package version', () => {
    expect(execFileSync(bin(), ['--version'], { cwd: dir, encoding: 'utf8' })).toBe(`${pkg.version}\n`);
  });

  it('serves the relay from the installed folder with plain node', async () => {
    const run = runCliProcess(bin(), ['serve'], { cwd: dir, env: { PORT: '0', SITEWIRE_DB: join(dir, 'relay.db') } });
    try {
      const [, url] = await waitForLine(run, /listening on (http:\/\/\S+)/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, version: pkg.version, runtime: 'node', db: 'ok' });
      expect(readFileSync(`/proc/${run.proc.pid}/cmdline`, 'utf8').split('\0')).not.toContain('--import');
    } finally {
      run.proc.kill('SIGTERM');
      await run.exited;
    }
  });
});
