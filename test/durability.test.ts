/**
 * No acknowledged event is lost (docs/api.md#ingest): 200 signed webhooks POSTed
 * concurrently to a relay process that is SIGKILLed mid-burst; restarted on
 * the same SQLite file, every webhook that got a 200 is there, once, in order.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildRelay, type ChildRelay } from './helpers/relay-process';
import { ADMIN_TOKEN, relayEnv, tempDir } from './helpers/relay';
import { postWarpweb } from './helpers/webhooks';

const dir = tempDir('sitewire-durability-');
const env = relayEnv(join(dir, 'sitewire.db'));
const running: ChildRelay[] = [];
afterAll(async () => {
  for (const r of running) await r.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const WEBHOOKS = 200;
const KILL_AFTER_ACKS = 10;

const webhook = (i: number) => ({
  event_id: `durable-${i}`,
  type: 'site.complete',
  site_id: `durable-site-${i}`,
  occurred_at: '2026-05-18T12:05:00.000Z',
  payload: { deployment_url: `https://site-${i}.warpweb.app` },
});

interface Stored {
  id: string;
  sequence: string;
  data: { provider_event_id: string };
}

async function allEvents(url: string): Promise<Stored[]> {
  const out: Stored[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(`${url}/v1/events?after=${after}&limit=1000`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const page = await res.json();
    out.push(...page.data);
    if (page.data.length === 0) return out;
    after = page.next_after;
  }
}

describe('durability', () => {
  it('keeps every acknowledged webhook across a SIGKILL mid-burst, once and in order', {
    timeout: 90_000,
  }, async () => {
    const first = await startChildRelay({ env });
    running.push(first);

    const acked = new Map<string, string>(); // webhook event_id -> emitted event id
    let failed = 0;
    await Promise.all(
      Array.from({ length: WEBHOOKS }, async (_, i) => {
        try {
          const res = await postWarpweb(first.url, webhook(i));
          expect(res.status).toBe(200);
          const ack = await res.json();
          expect(ack.events).toHaveLength(1);
          acked.set(`durable-${i}`, ack.events[0]);
          if (acked.size === KILL_AFTER_ACKS) first.proc.kill('SIGKILL');
        } catch (err) {
          if ((err as { name?: string }).name === 'AssertionError') throw err;
          failed += 1; // the connection died with the process: no answer, so no promise was made
        }
      }),
    );
    expect((await first.exited).signal).toBe('SIGKILL');
    // It really was mid-burst.
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(failed, `acked ${acked.size}`).toBeGreaterThan(0);
    expect(acked.size + failed).toBe(WEBHOOKS);

    const second = await startChildRelay({ env });
    running.push(second);
    const stored = await allEvents(second.url);

    // Every acknowledged webhook is there, with the event id its 200 named.
    const byWebhook = new Map(stored.map((e) => [e.data.provider_event_id, e.id]));
    for (const [webhookId, eventId] of acked) expect(byWebhook.get(webhookId), webhookId).toBe(eventId);
    // Once each (a webhook committed but not acknowledged may be there too, also once), in sequence order.
    expect(byWebhook.size).toBe(stored.length);
    const seqs = stored.map((e) => Number(e.sequence));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    // The dedup keys survived too: sending all 200 again stores only the ones never committed.
    const again = await Promise.all(
      Array.from({ length: WEBHOOKS }, async (_, i) => (await postWarpweb(second.url, webhook(i))).json()),
    );
    again.forEach((ack, i) => {
      const wasStored = byWebhook.has(`durable-${i}`);
      expect(ack.duplicate, `durable-${i}`).toBe(wasStored);
    });
    const finalEvents = await allEvents(second.url);
    expect(finalEvents).toHaveLength(WEBHOOKS);
    expect(new Set(finalEvents.map((e) => e.data.provider_event_id)).size).toBe(WEBHOOKS);
    expect(finalEvents.slice(0, stored.length)).toEqual(stored);
    await second.stop();
    expect((await second.exited).code).toBe(0);
  });
});
