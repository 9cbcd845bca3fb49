import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestRelay, tempDir, type TestRelay } from './helpers/relay';
import { runCli, waitForLine, type CliRun } from './helpers/relay-process';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { eventually, sendForm } from './helpers/subscriptions';

const dir = tempDir();
const stateFile = join(dir, 'listen-state.json');
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let relay: TestRelay | undefined;
let sink: Sink | undefined;
const runs: CliRun[] = [];

afterAll(async () => {
  for (const r of runs) r.proc.kill('SIGKILL');
  await relay?.stop();
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

const lastEventId = () => (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')).last_event_id : null);

async function startListen(): Promise<CliRun> {
  const run = runCli([
    'listen',
    '--url',
    relay!.url,
    '--token',
    ADMIN_TOKEN,
    '--forward-to',
    sink!.url,
    '--types',
    'form.*',
    '--secret',
    secret,
    '--state-file',
    stateFile,
  ]);
  runs.push(run);
  await waitForLine(run, /ready: waiting for events/);
  return run;
}

describe('sitewire listen --state-file', () => {
  it('a restarted listen resumes after its last forward: what was sent while down arrives, none twice', async () => {
    relay = await startTestRelay({}, { dir });
    sink = await startSink(() => ({ status: 204 }));
    const before: string[] = [];
    for (const name of ['a', 'b']) before.push(...(await sendForm(relay, 'state-1', name)));

    // A first listen starts at the live end: nothing is replayed without a state file.
    const first = await startListen();
    expect(first.stdout()).not.toContain('resuming after');
    const ids: string[] = [];
    for (const name of ['c', 'd']) ids.push(...(await sendForm(relay, 'state-1', name)));
    await eventually(() => sink!.received.length).toBe(2);
    const sequenceOf = (i: number) => JSON.parse(sink!.received[i]!.body).sequence as string;
    // The SSE id is stored exactly as the relay sent it.
    await eventually(lastEventId).toBe(String(sequenceOf(1)));

    // Killed outright: no chance to save anything more on the way out.
    first.proc.kill('SIGKILL');
    await first.exited;
    for (const name of ['e', 'f', 'g']) ids.push(...(await sendForm(relay, 'state-1', name)));

    const second = await startListen();
    expect(second.stdout()).toContain(`resuming after event #${sequenceOf(1)} (from ${stateFile})`);
    await eventually(() => sink!.received.length).toBe(5);
    ids.push(...(await sendForm(relay, 'state-1', 'h')));
    await eventually(() => sink!.received.length).toBe(6);

    expect(sink.received.map((r) => r.headers['webhook-id'])).toEqual(ids);
    expect(ids).not.toContain(before[0]);
    for (const r of sink.received) verifyDelivery(secret, r);
    await eventually(lastEventId).toBe(String(sequenceOf(5)));
  }, 90_000);

  it('an unreadable state file is a usage error', async () => {
    const bad = join(dir, 'not-state.json');
    writeFileSync(bad, 'hello');
    const run = runCli([
      'listen',
      '--url',
      'http://127.0.0.1:9',
      '--token',
      't',
      '--forward-to',
      'http://127.0.0.1:9/',
      '--state-file',
      bad,
    ]);
    expect((await run.exited).code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toContain(`sitewire listen: --state-file ${bad} is not a sitewire listen state file`);
  }, 30_000);
});
