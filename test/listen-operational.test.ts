/**
 * `sitewire listen --types 'subscription.*,delivery.*'` forwards operational events (they are
 * opt-in: named by its types), signed, with the event's traceparent; build events stay out.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { operationalEvent } from '../src/services/operational-events';
import { ADMIN_TOKEN, startTestRelay, type TestRelay } from './helpers/relay';
import { runCli, waitForLine, type CliRun } from './helpers/relay-process';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { eventually, sendForm } from './helpers/subscriptions';

let relay: TestRelay | undefined;
let sink: Sink | undefined;
let listen: CliRun | undefined;

afterAll(async () => {
  listen?.proc.kill('SIGKILL');
  await relay?.stop();
  await sink?.close();
});

describe('sitewire listen with operational types', () => {
  it('forwards subscription.* and delivery.* events, and nothing else', async () => {
    relay = await startTestRelay();
    sink = await startSink(() => ({ status: 204 }));
    const args = ['listen', '--url', relay.url, '--token', ADMIN_TOKEN, '--forward-to', sink.url];
    listen = runCli([...args, '--types', 'subscription.*,delivery.*']);
    const [, secret] = await waitForLine(listen, /signing secret \(verify deliveries with it\): (whsec_\S+)/);
    await waitForLine(listen, /ready: waiting for events/);

    await sendForm(relay, 'ops-site', 'Ann');
    const facts = { subscription_id: 'sub_x', url: 'https://example.com/hook', reason: 'HTTP 410' };
    const dead = {
      subscription_id: 'sub_x',
      delivery_id: 'dlv_1',
      event_id: 'evt_1',
      attempts: 8,
      last_error: 'HTTP 503',
    };
    const { events } = relay.relay.recorder.write((w) => [
      w.emit(operationalEvent('subscription.disabled', facts)),
      w.emit(operationalEvent('delivery.dead', dead)),
      w.emit(
        operationalEvent('provider.credentials_refused', { provider: 'warpweb', status_code: 401, message: 'no' }),
      ),
    ]);

    await eventually(() => sink!.received.length).toBe(2);
    const forwarded = sink.received.map(
      (r) => verifyDelivery(secret!, r) as { id: string; type: string; traceparent: string },
    );
    expect(forwarded.map((e) => e.type)).toEqual(['subscription.disabled', 'delivery.dead']);
    expect(forwarded.map((e) => e.id)).toEqual(events.slice(0, 2).map((e) => e.id));
    for (const [i, r] of sink.received.entries()) expect(r.headers.traceparent).toBe(forwarded[i]!.traceparent);
    // Still only those two once a later event has been forwarded past them.
    relay.relay.recorder.write((w) => w.emit(operationalEvent('delivery.dead', { ...dead, delivery_id: 'dlv_2' })));
    await eventually(() => sink!.received.length).toBe(3);
    expect(sink.received.map((r) => JSON.parse(r.body).type)).toEqual([
      'subscription.disabled',
      'delivery.dead',
      'delivery.dead',
    ]);
  }, 60_000);
});
