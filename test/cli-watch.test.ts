import { describe, expect, it } from 'vitest';
import { runWatch } from '../src/cli/watch';
import { useProviders } from './helpers/providers';
import { runCli } from './helpers/relay-process';

const p = useProviders();

describe('sitewire watch', () => {
  it('shows a Lindo website live with a progress bar and exits 0 when it completes', async () => {
    const id = p.lindo.addWorkflow({
      kind: 'website',
      durationMs: 3000,
      outcome: 'partial',
      pages: 4,
      pollAfterMs: 10,
      hint: false,
    });
    let out = '';
    const code = await runWatch({
      url: p.relay.url,
      token: p.relay.adminToken,
      provider: 'lindo',
      id,
      kind: 'site',
      write: (t) => (out += t),
      tty: false,
    });
    expect(code).toBe(0);
    expect(out).toContain(`watching lindo/site/${id}`);
    expect(out).toMatch(/running · Creating your website\. \d of 4 pages complete\. {2}\[[#-]+\] \d\/4 pages/);
    expect(out).toContain('complete_with_warnings');
    expect(out).toContain('warning [error] /reviews Image generation timed out');
  });

  it('the binary exits 1 when the build fails', async () => {
    const id = p.warpweb.addSite({ durationMs: 800, outcome: 'failed', drop: true });
    const run = runCli(['watch', 'warpweb', id, '--url', p.relay.url, '--token', p.relay.adminToken], { bin: true });
    expect((await run.exited).code).toBe(1);
    expect(run.stdout()).toContain('failed: Could not find the business on Google Maps (build_failed)');
  });

  it('exits 2 with the relay error when the watch is refused', async () => {
    let out = '';
    const code = await runWatch({
      url: p.relay.url,
      token: p.relay.adminToken,
      provider: 'warpweb',
      id: 'x',
      kind: 'blog',
      write: (t) => (out += t),
      tty: false,
    });
    expect(code).toBe(2);
    expect(out).toMatch(/^sitewire: invalid_request: .+ \(kind: warpweb watches support kind site\)\n$/);
  });

  it('exits 2 with one line when the relay cannot be reached (1 would say the build failed)', async () => {
    let out = '';
    const code = await runWatch({
      url: 'http://127.0.0.1:9',
      token: 'x',
      provider: 'warpweb',
      id: 'x',
      kind: 'site',
      write: (t) => (out += t),
      tty: false,
    });
    expect(code).toBe(2);
    expect(out).toMatch(/^sitewire: cannot reach the relay at http:\/\/127\.0\.0\.1:9 \(.+\)\n$/);
  });
});

describe('sitewire --help', () => {
  const run = async (args: string[]) => {
    const cli = runCli(args, { bin: true });
    const { code } = await cli.exited;
    return { code, out: cli.stdout(), err: cli.stderr() };
  };

  it('prints the usage and exits 0; an unknown command exits 2 on stderr', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/^usage: sitewire <command>/);
    }
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe('');
    expect(unknown.err).toMatch(/^sitewire: unknown command "frobnicate"\n/);
  });
});
