import { describe, expect, it } from 'vitest';
import { useVirtualProviders } from './helpers/virtual-providers';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';
import { deploymentUrl } from '../src/simulators/warpweb-builds';

// Slow safety polling, so the order of poll and webhook is up to each test; builds move on the test's clock.
const p = useVirtualProviders(
  { SITEWIRE_POLL_INTERVAL_MS: '60000', SITEWIRE_POLL_SAFETY_MS: '60000', SITEWIRE_POLL_TIMEOUT_MS: '5000' },
  { warpweb: { slowMs: 1000 } },
);

const completeWebhook = (id: string) =>
  warpwebEnvelope('site.complete', id, {
    status: 'complete',
    deployment_url: deploymentUrl(p.warpweb.site(id)!),
    usage: { tokens_in: 1, tokens_out: 2 },
  });

describe('the same completion seen by poll and by webhook', () => {
  it('poll first, then the webhook: one site.complete (from the poll)', async () => {
    const id = p.warpweb.addSite({ durationMs: 100, drop: true });
    p.clock.advance(150); // the build is over before the watch exists
    const created = await p.relay.api('/v1/watches', {
      method: 'POST',
      body: JSON.stringify({ provider: 'warpweb', id }),
    });
    expect(created.status).toBe(201);
    const subject = `warpweb/site/${id}`;
    expect((await p.settle(subject))?.state).toBe('done');

    const ack = await (await postWarpweb(p.relay.url, completeWebhook(id))).json();
    expect(ack).toEqual({ received: true, duplicate: false, events: [] });
    const completes = (await p.eventsOf(subject)).filter((e) => e.type === 'site.complete');
    expect(completes.map((e) => e.data.observed_via)).toEqual(['poll']);
  });

  it('webhook first, then the poll: one site.complete (from the webhook), and the watch ends without polling', async () => {
    const id = p.warpweb.addSite({ durationMs: 60_000, drop: true });
    const subject = `warpweb/site/${id}`;
    await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'warpweb', id }) });
    await p.advance(1000, async () => (await p.watchOf(subject))?.polls === 1);
    expect((await p.watchOf(subject))?.polls).toBe(1);

    const ack = await (await postWarpweb(p.relay.url, completeWebhook(id))).json();
    expect(ack.events).toHaveLength(1);
    expect(await p.watchOf(subject)).toMatchObject({
      state: 'done',
      status: 'complete',
      next_poll_at: null,
      polls: 1,
      webhook_seen: true,
    });

    // The provider finishes too; a poll now (a watch asked again is answered, not re-polled) changes nothing.
    const again = await p.relay.api('/v1/watches', {
      method: 'POST',
      body: JSON.stringify({ provider: 'warpweb', id }),
    });
    expect(again.status).toBe(200);
    const completes = (await p.eventsOf(subject)).filter((e) => e.type === 'site.complete');
    expect(completes.map((e) => e.data.observed_via)).toEqual(['webhook']);
  });

  it('webhook first while a poll is in flight: the later poll answer is dropped (terminal is final)', async () => {
    const id = p.warpweb.addSite({ durationMs: 50, drop: true });
    const subject = `warpweb/site/${id}`;
    p.clock.advance(100);
    p.warpweb.faults.inject('slow', { id }); // the provider takes a second to answer this poll
    await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'warpweb', id }) });
    // The relay's clock stands still while it waits for that answer.
    const polling = p.advance(1);
    await expect.poll(() => p.warpweb.statusRequests(id).length, { timeout: 5000 }).toBe(1);

    const ack = await (await postWarpweb(p.relay.url, completeWebhook(id))).json();
    expect(ack.events).toHaveLength(1);
    await polling; // the slow answer has come back and been applied
    expect((await p.watchOf(subject))?.polls).toBe(1);
    const events = await p.eventsOf(subject);
    expect(events.map((e) => [e.type, e.data.observed_via])).toEqual([['site.complete', 'webhook']]);
    expect(await p.watchOf(subject)).toMatchObject({ state: 'done', status: 'complete', last_error: null });
  });
});
