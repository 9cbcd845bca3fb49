import { describe, expect, it } from 'vitest';
import { typesOf } from './helpers/providers';
import { startVirtualProviders, useVirtualProviders } from './helpers/virtual-providers';
import { postLindo } from './helpers/webhooks';

// Workflows run on the test's clock: minutes of polling take milliseconds.
const p = useVirtualProviders();

const watch = (id: string, kind: string) =>
  p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'lindo', id, kind }) });

async function finished(subject: string) {
  expect((await p.settle(subject))?.state).toBe('done');
  return p.eventsOf(subject);
}

describe('Lindo workflows followed by polling', () => {
  it('a partial website (nested shape, record_id): queued, progress with page counts, complete_with_warnings', async () => {
    const id = p.lindo.addWorkflow({
      kind: 'website',
      durationMs: 2500,
      scheduledMs: 1500,
      outcome: 'partial',
      pages: 4,
      shape: 'nested',
      pollAfterMs: 10,
      hint: false,
    });
    expect((await watch(id, 'site')).status).toBe(201);
    const events = await finished(`lindo/site/${id}`);
    expect(typesOf(events)[0]).toBe('site.queued');
    expect(typesOf(events).at(-1)).toBe('site.complete');
    expect(events.filter((e) => e.type === 'site.complete')).toHaveLength(1);
    expect(events.some((e) => e.type === 'site.progress' && e.data.progress?.total === 4)).toBe(true);
    expect(events.at(-1)!.data).toMatchObject({
      provider: 'lindo',
      kind: 'site',
      resource_id: id,
      site_id: p.lindo.workflow(id)!.websiteId,
      status: 'complete_with_warnings',
      provider_status: 'partial',
      observed_via: 'poll',
      progress: { total: 4, complete: 3, running: 0, errored: 1 },
      warnings: [{ code: 'page_errored', severity: 'error', page: '/reviews', message: 'Image generation timed out' }],
    });
    expect(events.at(-1)!.data.pages).toHaveLength(4);
  });

  it('an errored blog (flat shape, workflow_id): blog.failed with the error', async () => {
    const id = p.lindo.addWorkflow({
      kind: 'blog',
      durationMs: 400,
      outcome: 'errored',
      idName: 'workflow_id',
      pollAfterMs: 10,
    });
    await watch(id, 'blog');
    const events = await finished(`lindo/blog/${id}`);
    expect(events.at(-1)).toMatchObject({
      type: 'blog.failed',
      data: {
        status: 'failed',
        provider_status: 'errored',
        error: { code: 'workflow_errored', message: 'Insufficient credits: daily limit reached' },
        observed_via: 'poll',
      },
    });
  });

  it('a page (instance_id) and an edit workflow (nested, workflow_id) complete', async () => {
    const page = p.lindo.addWorkflow({
      kind: 'page',
      durationMs: 400,
      idName: 'instance_id',
      pollAfterMs: 10,
      hint: false,
    });
    const edit = p.lindo.addWorkflow({
      kind: 'edit',
      durationMs: 400,
      shape: 'nested',
      idName: 'workflow_id',
      pollAfterMs: 10,
    });
    await watch(page, 'page');
    await watch(edit, 'revision');
    const pageEvents = await finished(`lindo/page/${page}`);
    const editEvents = await finished(`lindo/revision/${edit}`);
    expect(pageEvents.at(-1)).toMatchObject({
      type: 'page.complete',
      data: { kind: 'page', status: 'complete', observed_via: 'poll' },
    });
    expect(editEvents.at(-1)).toMatchObject({
      type: 'revision.complete',
      data: { kind: 'revision', status: 'complete', observed_via: 'poll' },
    });
  });

  it('honours poll_after_ms when it is larger than the interval', async () => {
    const id = p.lindo.addWorkflow({ kind: 'page', durationMs: 2500, pollAfterMs: 700, hint: false });
    await watch(id, 'page');
    await finished(`lindo/page/${id}`);
    const times = p.lindo.statusRequests(id).map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(3);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(630);
  });
});

describe('a Lindo webhook is a hint', () => {
  it('naming a watched workflow: that watch is polled at once and the status answer is what gets emitted', async () => {
    const p2 = await startVirtualProviders({ SITEWIRE_POLL_INTERVAL_MS: '60000', SITEWIRE_POLL_SAFETY_MS: '60000' });
    try {
      const id = p2.lindo.addWorkflow({ kind: 'website', durationMs: 1500, pages: 2, pollAfterMs: 10 });
      await p2.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'lindo', id }) });
      const subject = `lindo/site/${id}`;
      await p2.advance(1, async () => (await p2.watchOf(subject))?.polls === 1);
      expect((await p2.watchOf(subject))?.polls).toBe(1);

      // Without the hint the next poll would be a minute away: the watch ends within seconds of the workflow.
      await p2.advance(5000, () => p2.lindo.webhooks.length > 0);
      expect(p2.lindo.webhooks.map((w) => w.status)).toEqual([200]);
      expect((await p2.settle(subject, 5000))?.state).toBe('done');
      const events = await p2.eventsOf(subject);
      // Two polls: the first when the watch was created, the second because of the hint.
      expect(events).toHaveLength(2);
      expect(events.every((e) => e.data.observed_via === 'poll')).toBe(true);
      expect(events[1]!.type).toBe('site.complete');
      // The status API has no URL; the hint's preview URL is kept on the event the poll emits.
      const domain = p2.lindo
        .workflow(id)!
        .businessName.toLowerCase()
        .replace(/[^a-z0-9]+/g, '-');
      expect(events[1]!.data).toMatchObject({
        status: 'complete',
        progress: { total: 2, complete: 2 },
        url: `https://${domain}.lindo.site`,
      });
      expect(await p2.watchOf(subject)).toMatchObject({ polls: 2, webhook_seen: true });
    } finally {
      await p2.close();
    }
  });

  it('naming only the website id the watch learned: found by alias', async () => {
    const p2 = await startVirtualProviders({ SITEWIRE_POLL_INTERVAL_MS: '60000', SITEWIRE_POLL_SAFETY_MS: '60000' });
    try {
      const id = p2.lindo.addWorkflow({
        kind: 'website',
        durationMs: 1500,
        scheduledMs: 20,
        pages: 2,
        pollAfterMs: 10,
        hint: false,
      });
      p2.clock.advance(50); // running: the answer carries the website id
      await p2.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'lindo', id }) });
      const subject = `lindo/site/${id}`;
      await p2.advance(1, async () => (await p2.watchOf(subject))?.polls === 1);
      expect((await p2.watchOf(subject))?.polls).toBe(1);
      expect((await p2.watchOf(subject))?.status).toBe('running');
      await p2.advance(p2.lindo.workflow(id)!.startAt + 1500 + 50 - p2.clock.now());

      const websiteId = p2.lindo.workflow(id)!.websiteId;
      const res = await postLindo(p2.relay.url, {
        event: 'workflow.website.completed',
        timestamp: new Date().toISOString(),
        data: { website_id: websiteId },
      });
      expect(await res.json()).toEqual({ received: true, duplicate: false, events: [] });
      expect((await p2.settle(subject, 5000))?.state).toBe('done');
      expect(typesOf(await p2.eventsOf(subject)).at(-1)).toBe('site.complete');
      expect(await p2.eventsOf(`lindo/site/${websiteId}`)).toEqual([]);
    } finally {
      await p2.close();
    }
  });
});
