/** /openapi.json passes an independent linter (Redocly, recommended rules) with zero errors, offline. */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app';
import { tempDir } from './helpers/relay';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
// No telemetry, no update check, no notices: the linter must work without a network.
const OFFLINE = {
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  CI: 'true',
};

const dir = tempDir('sitewire-lint-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

async function lint(doc: unknown): Promise<Problem[]> {
  const file = join(dir, `openapi-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(doc));
  // Exit code 1 when there are errors: the JSON report on stdout says which.
  const out = await run(process.execPath, [CLI, 'lint', '--extends=recommended', '--format=json', file], {
    cwd: dir,
    env: { ...process.env, ...OFFLINE },
    timeout: 60_000,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  return (JSON.parse(out.stdout) as { problems: Problem[] }).problems;
}

describe('redocly lint /openapi.json', () => {
  it('finds no errors', { timeout: 60_000 }, async () => {
    const t = createTestApp({ env: { SITEWIRE_PUBLIC_URL: 'https://relay.sitewire.dev' } });
    const doc = await (await t.app.request('/openapi.json')).json();
    t.close();
    const errors = (await lint(doc)).filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  });

  it('does report errors in a broken document (control)', { timeout: 60_000 }, async () => {
    const errors = (
      await lint({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: { '/a': { get: { responses: {} } } } })
    )
      .filter((p) => p.severity === 'error')
      .map((p) => p.ruleId);
    expect(errors).toEqual(expect.arrayContaining(['no-empty-servers', 'security-defined']));
  });
});
