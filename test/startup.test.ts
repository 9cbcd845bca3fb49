/**
 * Start-up (docs/configuration.md, the README's First start): `npm start`'s command with no configuration in an
 * empty directory creates ./data/sitewire.db and prints the URL and a
 * generated admin token once; a bad variable stops it with one line.
 * (PORT=0 only keeps parallel test runs from fighting over 8787.)
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startChildRelay } from './helpers/relay-process';
import { tempDir } from './helpers/relay';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const d = tempDir('sitewire-start-');
  dirs.push(d);
  return d;
};

const TOKEN_LINE = /^admin token \(shown once; it is stored in the database\): (sw_admin_[A-Za-z0-9_-]{32})$/m;

describe('first start with no configuration', () => {
  it('creates ./data/sitewire.db, prints the URL and the token once, and keeps the token', {
    timeout: 90_000,
  }, async () => {
    const cwd = fresh();
    const first = await startChildRelay({ cwd, env: { PORT: '0' } });
    const out = first.stdout();
    expect(out).toMatch(
      /^sitewire \d+\.\d+\.\d+ listening on http:\/\/127\.0\.0\.1:\d+ \(database \.\/data\/sitewire\.db\)$/m,
    );
    expect(existsSync(join(cwd, 'data', 'sitewire.db'))).toBe(true);
    const token = TOKEN_LINE.exec(out)?.[1];
    expect(token).toBeDefined();
    expect(out.split(token!).length).toBe(2); // printed once
    expect(out).toContain(`Warpweb: ${first.url}/ingest/warpweb  (set WARPWEB_WEBHOOK_SECRET to enable)`);
    expect(out).toContain(`Lindo:   ${first.url}/ingest/lindo?token=...  (set LINDO_WEBHOOK_TOKEN to enable)`);

    expect((await fetch(`${first.url}/v1/events`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(
      (await fetch(`${first.url}/v1/events`, { headers: { authorization: 'Bearer sw_admin_wrong' } })).status,
    ).toBe(401);
    expect((await fetch(`${first.url}/ingest/warpweb`, { method: 'POST', body: '{}' })).status).toBe(503);
    await first.stop('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(first.stderr()).toBe('');

    const second = await startChildRelay({ cwd, env: { PORT: '0' } });
    expect(second.stdout()).not.toContain(token);
    expect(second.stdout()).toMatch(/^admin token: stored in the database/m);
    expect((await fetch(`${second.url}/v1/events`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
    await second.stop('SIGTERM');

    // Lost it? `sitewire admin-token` reads it back.
    const shown = runCli(['admin-token'], { cwd });
    expect((await shown.exited).code).toBe(0);
    expect(shown.stdout()).toBe(`${token}\n`);
  });
});

describe('a bad variable', () => {
  it.each([
    ['PORT', 'http', /^sitewire: invalid configuration: PORT: expected a whole number \(got "http"\)$/],
    ['SITEWIRE_LOG', 'loud', /^sitewire: invalid configuration: SITEWIRE_LOG: .+ \(got "loud"\)$/],
    [
      'WARPWEB_API_URL',
      'api.warpweb.ai',
      /^sitewire: invalid configuration: WARPWEB_API_URL: expected an http\(s\) URL \(got "api.warpweb.ai"\)$/,
    ],
    [
      'SITEWIRE_ADMIN_TOKEN',
      'tiny',
      /^sitewire: invalid configuration: SITEWIRE_ADMIN_TOKEN: expected at least 16 characters \(got 4 characters\)$/,
    ],
  ])('%s=%s exits 1 with one line on stderr naming it', async (name, value, line) => {
    const cwd = fresh();
    const run = runCli(['serve'], { cwd, env: { PORT: '0', [name]: value } });
    expect((await run.exited).code).toBe(1);
    const lines = run.stderr().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(run.stdout()).toBe('');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });
});

describe('a start the machine refuses', () => {
  const oneLine = async (env: Record<string, string>, line: RegExp) => {
    const run = runCli(['serve'], { cwd: fresh(), env: { PORT: '0', ...env } });
    expect((await run.exited).code).toBe(1);
    const lines = run.stderr().split('\n').filter(Boolean);
    expect(lines).toEqual([expect.stringMatching(line)]);
    expect(run.stdout()).toBe('');
  };

  it('a database path that cannot be opened exits 1 with one line naming SITEWIRE_DB', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'not a directory');
    await oneLine(
      { SITEWIRE_DB: join(dir, 'file', 'sitewire.db') },
      /^sitewire: cannot open the database: SITEWIRE_DB: .+ \(got ".+"\)$/,
    );
    writeFileSync(join(dir, 'garbage.db'), 'this is not an SQLite database, not even close to one'.repeat(100));
    await oneLine(
      { SITEWIRE_DB: join(dir, 'garbage.db') },
      /^sitewire: cannot open the database: SITEWIRE_DB: file is not a database/,
    );
  });

  it('a port already taken exits 1 with one line naming PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      await oneLine(
        { PORT: String(port), HOST: '127.0.0.1' },
        new RegExp(`^sitewire: cannot start: PORT: 127\\.0\\.0\\.1:${port} is already in use$`),
      );
    } finally {
      taken.close();
    }
  });

  it('a HOST that is not an address of this machine exits 1 with one line naming HOST', async () => {
    await oneLine(
      { HOST: '192.0.2.1' },
      /^sitewire: cannot start: HOST: "192\.0\.2\.1" is not an address of this machine$/,
    );
  });
});

describe('sitewire admin-token before any start', () => {
  it('says there is no database, exits 1, and creates none', async () => {
    const cwd = fresh();
    const run = runCli(['admin-token'], { cwd });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toBe(
      'sitewire: no database at ./data/sitewire.db; start the relay once (or set SITEWIRE_DB).\n',
    );
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });
});
