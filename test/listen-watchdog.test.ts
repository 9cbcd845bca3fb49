import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, waitForLine, type CliRun } from './helpers/relay-process';
import { startSink, type Sink } from './helpers/sink';
import { eventually } from './helpers/subscriptions';

/**
 * A stand-in relay stream that goes silent without closing: the first connection gets one event and then
 * nothing, not even a heartbeat; later connections get the next event and a `: ping` every 50 ms.
 */
async function startSilentStream() {
  const connections: { lastEventId: string | undefined; authorization: string | undefined }[] = [];
  const open: ServerResponse[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  let pings = 0;
  const event = (seq: string, id: string) => {
    const json = JSON.stringify({ id, type: 'form.submitted', sequence: seq, data: {} });
    return `id: ${seq}\nevent: form.submitted\ndata: ${json}\n\n`;
  };
  const server = createServer((req, res) => {
    const lastEventId = req.headers['last-event-id'] as string | undefined;
    connections.push({ lastEventId, authorization: req.headers.authorization });
    open.push(res);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write('retry: 2000\n\n');
    if (connections.length === 1) {
      res.write(event('00000000000000000007', 'evt_first'));
      return;
    }
    res.write(event('00000000000000000008', 'evt_second'));
    timers.push(
      setInterval(() => {
        pings += 1;
        res.write(': ping\n\n');
      }, 50),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    pings: () => pings,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const r of open) r.destroy();
        server.close(() => resolve());
      }),
  };
}

let stream: Awaited<ReturnType<typeof startSilentStream>> | undefined;
let sink: Sink | undefined;
let listen: CliRun | undefined;

afterAll(async () => {
  listen?.proc.kill('SIGKILL');
  await stream?.close();
  await sink?.close();
});

describe('sitewire listen watchdog', () => {
  it('reconnects with Last-Event-ID after three heartbeat intervals of silence, and not while pings flow', async () => {
    stream = await startSilentStream();
    sink = await startSink(() => ({ status: 204 }));
    const flags = ['--token', 'tok', '--forward-to', sink.url, '--heartbeat-ms', '300'];
    listen = runCli(['listen', '--url', stream.url, ...flags]);
    await waitForLine(listen, /ready: waiting for events/);

    await eventually(() => sink!.received.map((r) => r.headers['webhook-id'])).toEqual(['evt_first', 'evt_second']);
    expect(stream.connections).toEqual([
      { lastEventId: undefined, authorization: 'Bearer tok' },
      // The id goes back exactly as it came, padding and all.
      { lastEventId: '00000000000000000007', authorization: 'Bearer tok' },
    ]);
    const stderr = listen.stderr();
    expect(stderr).toContain('connection lost (no heartbeat for 900 ms); reconnecting…\n');
    expect(stderr).toContain('reconnected, resuming after event #00000000000000000007\n');

    // The second connection stays: pings keep it alive well past three intervals.
    await eventually(() => stream!.pings()).toBeGreaterThanOrEqual(60);
    expect(stream.connections).toHaveLength(2);
    expect(listen.stdout()).toMatch(/#00000000000000000008 {2}form\.submitted {2}evt_second {2}-> 204/);
  }, 60_000);
});
