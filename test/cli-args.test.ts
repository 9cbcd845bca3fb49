import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands';
import { decide } from '../src/cli/dispatch';
import { runCli } from './helpers/relay-process';

type Row = [argv: string[], expected: string | RegExp | { values?: Record<string, unknown>; operands?: string[] }];

/** What the command line decides: print (stream, exit code, first line) or run (values, operands). */
function outcome(argv: string[]) {
  const d = decide(argv, COMMANDS);
  if (d.kind === 'run') return { run: d.command.spec.name, values: d.parsed.values, operands: d.parsed.operands };
  return { stream: d.stream, code: d.code, first: d.text.split('\n')[0], text: d.text };
}

const usageError = (name: string, message: string) => ({
  stream: 'stderr',
  code: 2,
  first: `sitewire ${name}: ${message}`,
});
const USAGE = (name: string) => new RegExp(`\n\nusage: sitewire ${name}`);

describe('sitewire argument tables', () => {
  const listenBase = ['--url', 'http://r', '--token', 't', '--forward-to', 'http://l'];
  // Each command: good arguments, an unknown flag, a missing value, its --help.
  type Rows = { good: Row[]; unknown: string[]; missing?: [string[], string]; operands?: [string[], string][] };
  const table: Record<string, Rows> = {
    serve: { good: [[[], { values: {} }]], unknown: ['--port', '8787'] },
    'admin-token': { good: [[[], { values: {} }]], unknown: ['--db', 'x.db'] },
    demo: { good: [[[], { values: {} }]], unknown: ['--fast'] },
    watch: {
      good: [
        [['lindo', 'wf_1', '--kind=page'], { values: { kind: 'page' }, operands: ['lindo', 'wf_1'] }],
        [
          ['--kind', 'blog', 'lindo', 'wf_1', '--url', 'http://r', '--token', 't'],
          { values: { kind: 'blog', url: 'http://r', token: 't' }, operands: ['lindo', 'wf_1'] },
        ],
      ],
      unknown: ['warpweb', 'site_1', '--colour', 'red'],
      missing: [['warpweb', 'site_1', '--kind'], "Option '--kind <value>' argument missing"],
      operands: [
        [['warpweb'], 'missing <id>'],
        [[], 'missing <provider> <id>'],
        [['warpweb', 'site_1', 'extra'], 'unexpected argument "extra"'],
      ],
    },
    listen: {
      good: [
        [
          [...listenBase, '--retry', '--format=json', '--state-file', 's.json', '--print-response'],
          { values: { retry: true, format: 'json', 'state-file': 's.json', 'print-response': true } },
        ],
      ],
      unknown: [...listenBase, '--colour', 'red'],
      missing: [[...listenBase, '--heartbeat-ms'], "Option '--heartbeat-ms <value>' argument missing"],
      operands: [[[...listenBase, 'extra'], 'unexpected argument "extra"']],
    },
  };

  for (const [name, rows] of Object.entries(table)) {
    describe(name, () => {
      it.each(rows.good)('%j runs', (argv, expected) => {
        const o = outcome([name, ...argv]);
        expect(o).toMatchObject({ run: name, ...(expected as object) });
      });

      it('an unknown flag is a usage error: one line on stderr, the usage, exit 2', () => {
        const o = outcome([name, ...rows.unknown]);
        expect(o).toMatchObject({ stream: 'stderr', code: 2 });
        expect(o.first).toMatch(new RegExp(`^sitewire ${name}: Unknown option '--\\w+'$`));
        expect(o.text).toMatch(USAGE(name));
      });

      if (rows.missing) {
        it('a missing value is a usage error', () => {
          const [argv, message] = rows.missing!;
          expect(outcome([name, ...argv])).toMatchObject(usageError(name, message));
        });
      }

      it.each(rows.operands ?? [])('operands %j: %s', (argv, message) => {
        expect(outcome([name, ...argv])).toMatchObject(usageError(name, message));
      });

      const helps = [['--help'], ['-h'], ['--help', '--bogus'], ['--bogus', '-h']];
      it.each(helps)('%j prints its own usage on stdout, exit 0', (...argv) => {
        const o = outcome([name, ...argv]);
        const first = expect.stringMatching(new RegExp(`^usage: sitewire ${name}`));
        expect(o).toMatchObject({ stream: 'stdout', code: 0, first });
        expect(o.text).toMatch(/\nexit status:\n {2}0 {2}.+\n/);
      });

      it('`sitewire help <command>` prints the same usage', () => {
        expect(outcome(['help', name]).text).toBe(outcome([name, '--help']).text);
      });
    });
  }

  it('the general usage lists every command and the exit codes; --version prints the version', () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const o = outcome(argv);
      expect(o).toMatchObject({ stream: 'stdout', code: 0, first: 'usage: sitewire <command> [options]' });
      for (const name of Object.keys(COMMANDS)) expect(o.text).toMatch(new RegExp(`\n {2}${name} +\\S`));
      expect(o.text).toContain('2  usage error');
    }
    const version = expect.stringMatching(/^\d+\.\d+\.\d+/);
    expect(outcome(['--version'])).toMatchObject({ stream: 'stdout', code: 0, first: version });
    const unknown = { stream: 'stderr', code: 2, first: 'sitewire: unknown command "frobnicate"' };
    expect(outcome(['frobnicate'])).toMatchObject(unknown);
    // Names on Object's prototype are not commands.
    expect(outcome(['constructor'])).toMatchObject({ stream: 'stderr', code: 2 });
  });
});

describe('sitewire exit codes and streams (the real process)', () => {
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const cli = runCli(args, { env });
    const { code } = await cli.exited;
    return { code, out: cli.stdout(), err: cli.stderr() };
  };

  it('help on stdout with 0; usage errors on stderr with 2 and nothing on stdout; failures 1', async () => {
    const [help, unknown, missing, badValue, noToken, noDb] = await Promise.all([
      run(['listen', '--help']),
      run(['watch', 'warpweb', 'site_1', '--colour', 'red']),
      run(['listen', '--url']),
      run(['listen', '--url', 'http://r', '--token', 't', '--forward-to', 'http://l', '--format', 'yaml']),
      run(['watch', 'warpweb', 'site_1', '--url', 'http://127.0.0.1:9'], { SITEWIRE_DB: '/nonexistent/sitewire.db' }),
      run(['admin-token'], { SITEWIRE_DB: '/nonexistent/sitewire.db' }),
    ]);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^usage: sitewire listen /);
    expect(help.out).toContain('--state-file <path>');
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err).toMatch(/^sitewire watch: Unknown option '--colour'\n\nusage: sitewire watch /);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toMatch(/^sitewire listen: Option '--url <value>' argument missing\n\nusage: sitewire listen /);
    expect(badValue).toMatchObject({ code: 2, out: '' });
    expect(badValue.err).toMatch(/^sitewire listen: --format must be text or json \(got "yaml"\)\n\nusage: /);
    expect(noToken).toMatchObject({ code: 2, out: '' });
    expect(noToken.err).toMatch(/^sitewire watch: no token: pass --token/);
    expect(noDb).toMatchObject({ code: 1, out: '' });
    expect(noDb.err).toBe(
      'sitewire: no database at /nonexistent/sitewire.db; start the relay once (or set SITEWIRE_DB).\n',
    );
  }, 60_000);
});
