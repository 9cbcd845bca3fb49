import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useTestRelay } from './helpers/relay';
import { runCli, type CliRun } from './helpers/relay-process';
import { startSink, type Sink } from './helpers/sink';
import { eventually, sendForm } from './helpers/subscriptions';

const relay = useTestRelay();
const sinks: Sink[] = [];
const runs: CliRun[] = [];

afterAll(async () => {
  for (const r of runs) r.proc.kill('SIGKILL');
  for (const s of sinks) await s.close();
});

async function listen(sink: Sink, flags: string[], ready: RegExp, site: string): Promise<CliRun> {
  const run = runCli([
    'listen',
    '--url',
    relay.url,
    '--token',
    ADMIN_TOKEN,
    '--forward-to',
    sink.url,
    '--resources',
    `warpweb/site/${site}`,
    ...flags,
  ]);
  runs.push(run);
  await new Promise<void>((resolve, reject) => {
    const check = () => (ready.test(run.stderr() + run.stdout()) ? resolve() : undefined);
    run.proc.stdout!.on('data', check);
    run.proc.stderr!.on('data', check);
    void run.exited.then(() => reject(new Error(`listen exited: ${run.stderr()}`)));
  });
  return run;
}

describe('sitewire listen --retry', () => {
  it('retries a failed forward with backoff and forwards the next event only after it', async () => {
    // The first three tries of event 1 fail (500, 404, 503); the fourth is taken.
    const failures = [500, 404, 503];
    const sink = await startSink((_r, i) => (i < 3 ? { status: failures[i] } : { status: 202, body: 'ok' }));
    sinks.push(sink);
    const flags = ['--retry', '--retry-base-ms', '20', '--print-response'];
    const run = await listen(sink, flags, /ready: waiting/, 'retry-1');
    const ids = [...(await sendForm(relay, 'retry-1', 'a')), ...(await sendForm(relay, 'retry-1', 'b'))];
    await eventually(() => sink.received.length).toBe(5);
    expect(sink.received.map((r) => r.headers['webhook-id'])).toEqual([ids[0], ids[0], ids[0], ids[0], ids[1]]);
    // Every try is signed afresh; the body is the same event.
    expect(new Set(sink.received.slice(0, 4).map((r) => r.body)).size).toBe(1);

    await eventually(
      () =>
        run
          .stdout()
          .split('\n')
          .filter((l) => l.includes(ids[1]!)).length,
    ).toBe(1);
    const lines = run
      .stdout()
      .split('\n')
      .filter((l) => l.includes('form.submitted'));
    const prefix = /^\S+ {2}#\S+ {2}form\.submitted {2}/;
    const shown = lines.map((l) => l.replace(prefix, '').replace(/\(\d+ ms\)/, '(n ms)'));
    expect(shown).toEqual([
      `${ids[0]}  -> 500 (n ms), retry 1 of 5 in 20 ms`,
      `${ids[0]}  -> 404 (n ms), retry 2 of 5 in 40 ms`,
      `${ids[0]}  -> 503 (n ms), retry 3 of 5 in 80 ms`,
      `${ids[0]}  -> 202 (n ms)`,
      `${ids[1]}  -> 202 (n ms)`,
    ]);
    // --print-response: the receiver's status and body under each final line.
    expect(run.stdout()).toContain(`${ids[0]}  -> 202`);
    expect(run.stdout().match(/ {4}HTTP 202\n {4}ok\n/g)).toHaveLength(2);
  }, 60_000);

  it('--format json: one object per event on stdout, the banner on stderr; a spent retry gives up', async () => {
    // Event 1 is refused every time (its three tries); event 2 is taken.
    const sink = await startSink((_r, i) => (i < 3 ? { status: 500, body: 'no' } : { status: 202, body: '{}' }));
    sinks.push(sink);
    const flags = ['--format', 'json', '--retry', '--retry-max', '2', '--retry-base-ms', '10', '--print-response'];
    const run = await listen(sink, flags, /ready: waiting/, 'retry-2');
    const ids = [...(await sendForm(relay, 'retry-2', 'a')), ...(await sendForm(relay, 'retry-2', 'b'))];
    await eventually(() => run.stdout().split('\n').filter(Boolean).length).toBe(2);

    const lines = run
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ms = expect.any(Number);
    expect(lines.map((l) => [l.event.id, l.type, l.sequence === String(l.event.sequence), l.forward])).toEqual([
      [ids[0], 'form.submitted', true, { status: 500, error: null, attempts: 3, duration_ms: ms, response_body: 'no' }],
      [ids[1], 'form.submitted', true, { status: 202, error: null, attempts: 1, duration_ms: ms, response_body: '{}' }],
    ]);
    expect(sink.received.map((r) => r.headers['webhook-id'])).toEqual([ids[0], ids[0], ids[0], ids[1]]);
    expect(run.stderr()).toMatch(
      /^sitewire listen: forwarding events from .+\nsigning secret \(verify deliveries with it\): whsec_\S+\nready: /,
    );
  }, 60_000);
});

describe('sitewire listen exit status', () => {
  it('exits 1 with one line on stderr when the relay refuses the stream', async () => {
    const run = runCli(['listen', '--url', relay.url, '--token', 'wrong-token', '--forward-to', 'http://127.0.0.1:9/']);
    runs.push(run);
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toBe(
      'sitewire listen: the relay refused the stream (401 Unauthorized); check --url and --token\n',
    );
  }, 30_000);
});
