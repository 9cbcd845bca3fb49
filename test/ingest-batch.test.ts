/**
 * Webhooks verified in the same turn are committed together (group commit)
 * and still answered one by one: each with its own events, a repeat within
 * the group as a duplicate, and one that fails inside the transaction fails
 * alone. Driven through the relay's ingest service (real SQLite file), with
 * all webhooks handed in at once so they surely share a group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../src/core/bytes';
import { warpweb } from '../src/providers/warpweb';
import { signWarpweb } from '../src/providers/warpweb/verify';
import { startTestRelay, WARPWEB_SECRET, type TestRelay } from './helpers/relay';
import { warpwebEnvelope } from './helpers/webhooks';

let relay: TestRelay;
let transactions = 0;
beforeAll(async () => {
  relay = await startTestRelay();
  const store = relay.relay.store;
  const transaction = store.transaction;
  store.transaction = (fn) => {
    transactions += 1;
    return transaction(fn);
  };
  // A step inside the ingest transaction that breaks on one resource.
  const activeByIds = store.watches.activeByIds;
  store.watches.activeByIds = (provider, ids) => {
    if (ids[0] === 'poisoned') throw new Error('step failed');
    return activeByIds(provider, ids);
  };
});
afterAll(async () => {
  await relay.stop();
});

async function signed(body: unknown) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  const headers = new Headers({
    'x-warpweb-timestamp': String(ts),
    'x-warpweb-signature': await signWarpweb(WARPWEB_SECRET, ts, raw),
  });
  return { body: utf8(raw), headers, query: new URLSearchParams() };
}

/** Hands every webhook to ingest in the same turn; settles each. */
async function ingestTogether(bodies: unknown[]) {
  const requests = await Promise.all(bodies.map(signed));
  const before = transactions;
  const results = await Promise.allSettled(requests.map((r) => relay.relay.ingest.ingest(warpweb, r)));
  return { results, transactions: transactions - before };
}

const subjects = async () =>
  (await (await relay.api('/v1/events?limit=1000')).json()).data as { id: string; subject: string }[];

describe('group commit of webhooks', () => {
  it('commits many webhooks in one transaction and answers each with its own event', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => warpwebEnvelope('site.complete', `batch-${i}`));
    const { results, transactions: used } = await ingestTogether(bodies);
    expect(used).toBe(1);
    const stored = await subjects();
    results.forEach((r, i) => {
      expect(r.status).toBe('fulfilled');
      const ack = (r as PromiseFulfilledResult<{ duplicate: boolean; events: string[] }>).value;
      expect(ack.duplicate).toBe(false);
      expect(ack.events).toHaveLength(1);
      expect(stored.find((e) => e.id === ack.events[0])?.subject).toBe(`warpweb/site/batch-${i}`);
    });
  });

  it('answers a repeat within the same group as a duplicate', async () => {
    const body = warpwebEnvelope('site.complete', 'twice-in-a-group');
    const { results } = await ingestTogether([body, body, body]);
    expect(results.map((r) => r.status === 'fulfilled' && r.value.duplicate)).toEqual([false, true, true]);
  });

  it('fails only the webhook whose processing throws, and keeps nothing of it', async () => {
    const bodies = ['ok-1', 'poisoned', 'ok-2'].map((site) => warpwebEnvelope('site.complete', site));
    const { results, transactions: used } = await ingestTogether(bodies);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(used).toBe(4); // the group, rolled back, then each alone
    const stored = (await subjects()).map((e) => e.subject);
    expect(stored).toContain('warpweb/site/ok-1');
    expect(stored).toContain('warpweb/site/ok-2');
    expect(stored).not.toContain('warpweb/site/poisoned');
    // Its dedup key was rolled back too: the provider's retry is taken in once the hook is fixed.
    expect(relay.relay.store.inbox.claim(`warpweb:${bodies[1]!.event_id}`, 'warpweb', Date.now())).toBe(true);
  });
});
