import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestRelay, tempDir, type TestRelay } from './helpers/relay';
import { runCli, waitForLine, type CliRun } from './helpers/relay-process';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { sendForm, sendWarpweb, eventually } from './helpers/subscriptions';

const dir = tempDir();
let relay: TestRelay | undefined;
let sink: Sink | undefined;
let listen: CliRun | undefined;

afterAll(async () => {
  listen?.proc.kill('SIGKILL');
  await relay?.stop();
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sitewire listen', () => {
  it('forwards events signed to a local URL and resumes after a relay restart without a gap or a repeat', async () => {
    relay = await startTestRelay({}, { dir });
    const port = new URL(relay.url).port;
    sink = await startSink(() => ({ status: 202 }));
    listen = runCli([
      'listen',
      '--url',
      relay.url,
      '--token',
      ADMIN_TOKEN,
      '--forward-to',
      sink.url,
      '--types',
      'form.*',
    ]);
    const { stdout, stderr } = listen;
    const [, secret] = await waitForLine(listen, /signing secret \(verify deliveries with it\): (whsec_\S+)/);
    await waitForLine(listen, /ready: waiting for events/);

    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push(...(await sendForm(relay, 'listen-1', name)));
    await sendWarpweb(relay, 'site.complete', 'listen-1'); // filtered out by --types
    await eventually(() => sink!.received.length).toBe(3);

    // Restart the relay on the same port and database; events arrive while listen reconnects.
    await relay.stop();
    relay = await startTestRelay({ PORT: port }, { dir });
    // This process's pooled keep-alive sockets still point at the old server: let them fail here.
    await eventually(() =>
      fetch(`${relay!.url}/healthz`).then(
        (r) => r.status,
        () => 0,
      ),
    ).toBe(200);
    for (const name of ['d', 'e', 'f']) ids.push(...(await sendForm(relay, 'listen-1', name)));

    await eventually(() => sink!.received.length).toBe(6);
    const third = JSON.parse(sink.received[2]!.body).sequence;
    expect(stderr()).toContain(`reconnected, resuming after event #${third}`);
    expect(sink.received.map((r) => r.headers['webhook-id'])).toEqual(ids);
    for (const r of sink.received) verifyDelivery(secret!, r);
    const sequences = sink.received.map((r) => Number(JSON.parse(r.body).sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    // One line per forwarded event, with the receiver's status.
    await eventually(
      () =>
        stdout()
          .split('\n')
          .filter((l) => l.includes('-> 202')).length,
    ).toBe(6);
    for (const id of ids) expect(stdout()).toMatch(new RegExp(`#\\d+  form\\.submitted  ${id}  -> 202 \\(\\d+ ms\\)`));
  }, 60_000);

  it('explains a bad command line', async () => {
    const run = runCli(['listen', '--url', 'nope', '--token', 't', '--forward-to', 'http://127.0.0.1:1/']);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toContain('sitewire listen: --url must be an http(s) URL (got "nope")');
  });
});
