import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, relayEnv, tempDir } from './helpers/relay';
import { startChildRelay, type ChildRelay } from './helpers/relay-process';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { eventually } from './helpers/subscriptions';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const dir = tempDir();
const env = relayEnv(join(dir, 'sitewire.db'), {
  SITEWIRE_RETRY_SCHEDULE: '50ms,100ms,200ms,400ms,800ms,1s,1s,1s',
  SITEWIRE_DELIVERY_TIMEOUT_MS: '30000', // no attempt times out while the sinks hold their answers
});
const running: ChildRelay[] = [];
const sinks: Sink[] = [];

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop('SIGKILL')));
  await Promise.all(sinks.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const admin = (relay: ChildRelay, path: string, init: RequestInit = {}) =>
  fetch(relay.url + path, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  });

describe('a relay killed mid-burst', () => {
  it('delivers every acknowledged event to every subscriber after a restart', async () => {
    let killed = false;
    let released!: () => void;
    const kill = new Promise<void>((resolve) => (released = resolve));
    // No answer before the kill, so every delivery is still queued or in flight when it comes.
    for (let i = 0; i < 3; i++) {
      sinks.push(
        await startSink(async () => {
          await kill;
          return { status: 200 };
        }),
      );
    }
    const first = await startChildRelay({ env });
    running.push(first);
    const secrets: string[] = [];
    for (const s of sinks) {
      const res = await admin(first, '/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url: s.url }) });
      expect(res.status).toBe(201);
      secrets.push((await res.json()).secret);
    }

    // A burst from 8 concurrent senders about 10 sites; SIGKILL once 60 events are acknowledged.
    const acked: string[] = [];
    let sent = 0;
    const sender = async () => {
      while (!killed && sent < 400) {
        const n = sent++;
        try {
          const res = await postWarpweb(
            first.url,
            warpwebEnvelope('form.submit', `crash-${n % 10}`, { name: `n${n}` }),
          );
          if (res.status === 200) acked.push(...(await res.json()).events);
        } catch {
          // The connection died with the process: not acknowledged, so not owed.
        }
        if (acked.length >= 60 && !killed) {
          killed = true;
          await first.stop('SIGKILL');
          released();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    expect(first.proc.signalCode).toBe('SIGKILL');
    const deliveredBefore = sinks.map((s) => new Set(s.received.map((r) => r.headers['webhook-id'])).size);
    expect(Math.max(...deliveredBefore)).toBeLessThanOrEqual(8); // one subscription's concurrency bound

    const second = await startChildRelay({ env });
    running.push(second);
    for (const s of sinks) {
      await eventually(
        () => acked.filter((id) => !s.received.some((r) => r.headers['webhook-id'] === id)).length,
        30_000,
      ).toBe(0);
    }
    sinks.forEach((s, i) => {
      for (const r of s.received) verifyDelivery(secrets[i]!, r);
    });
    await second.stop('SIGTERM');
  }, 90_000);
});
