import { describe, expect, it } from 'vitest';
import { deploymentUrl } from '../src/simulators/warpweb-builds';
import { typesOf } from './helpers/providers';
import { useVirtualProviders } from './helpers/virtual-providers';

const p = useVirtualProviders();

describe('a Warpweb build whose site.complete webhook never arrives', () => {
  it('is still reported complete once, by the poll, with its URL and warnings', async () => {
    const id = p.warpweb.addSite({ durationMs: 1500, outcome: 'complete_with_warnings', drop: ['site.complete'] });
    const subject = `warpweb/site/${id}`;

    // site.research_ready arrived: the relay starts watching the site by itself.
    await p.advance(60_000, async () => (await p.watchOf(subject)) !== undefined);
    expect((await p.watchOf(subject))?.origin).toBe('webhook');
    expect((await p.settle(subject))?.state).toBe('done');

    const events = await p.eventsOf(subject);
    const completes = events.filter((e) => e.type === 'site.complete');
    expect(completes).toHaveLength(1);
    expect(completes[0]!.data).toMatchObject({
      provider: 'warpweb',
      kind: 'site',
      resource_id: id,
      status: 'complete_with_warnings',
      provider_status: 'complete_with_warnings',
      url: deploymentUrl(p.warpweb.site(id)!),
      observed_via: 'poll',
      warnings: [
        {
          code: 'hero-is-wedge-not-list',
          page: 'index.html',
          fix_prompt: 'Hero must present the services as a short list, not tiles',
        },
      ],
      usage: { credits_charged: 1, tokens_in: 1200, tokens_out: 5400, cost_usd: 0.42 },
    });
    // The research_ready webhook was emitted as it came; everything after it came from polls; the end is last.
    expect(events[0]).toMatchObject({
      type: 'site.progress',
      data: { phase: 'research_review', observed_via: 'webhook' },
    });
    expect(typesOf(events).at(-1)).toBe('site.complete');
    expect(p.warpweb.webhooks.filter((w) => w.siteId === id).map((w) => [w.type, w.status])).toEqual([
      ['site.research_ready', 200],
      ['site.complete', 'dropped'],
    ]);
    const watch = await p.watchOf(subject);
    expect(watch).toMatchObject({
      state: 'done',
      status: 'complete_with_warnings',
      webhook_seen: true,
      next_poll_at: null,
    });
    expect(watch!.polls).toBeGreaterThan(0);
  });
});
