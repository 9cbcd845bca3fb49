/**
 * A Lindo completion webhook names a website by its website id, while the watch follows the
 * workflow by its record id, on another shard. The watch learned the website id from a poll and
 * its shard registered it with the key's object; the Worker asks that object, sends the hint to
 * the watch's shard, and the watch polls at once: one `site.complete`, observed by that poll, and
 * nothing emitted about the website id. Real workerd: the Worker, three shards, the key object.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pollerName, shardOf } from '../../src/runtime/object-router';
import { stubOutbound } from './outbound';
import { LINDO_API } from './providers';
import { apiJson, eventsOf, postLindo } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const SHARDS = Number(env.SITEWIRE_SHARDS);

/** A record id and a website id whose subjects live on different shards (so a wrong route would show). */
function idsOnTwoShards(): { record: string; website: string } {
  for (;;) {
    const tag = crypto.randomUUID().slice(0, 12);
    const record = `rec_${tag}`;
    const website = `web_${tag}`;
    if (shardOf(`lindo/site/${record}`, SHARDS) !== shardOf(`lindo/site/${website}`, SHARDS))
      return { record, website };
  }
}

const keyObject = async () => env.POLLER.getByName(await pollerName('lindo', env.LINDO_API_KEY));

describe('a Lindo hint named by a website id', () => {
  it('reaches the watch keyed by the record id, on its shard, through the key’s alias directory', async () => {
    const { record, website } = idsOnTwoShards();
    const outbound = stubOutbound();
    const url = `${LINDO_API}/v1/ai/workspace/website/status/${record}`;
    let done = false;
    outbound.route((req) => {
      if (req.url !== url || req.headers.get('authorization') !== `Bearer ${env.LINDO_API_KEY}`) return undefined;
      // Running, with the website id and a "check again in 10 minutes": only the hint makes it poll sooner.
      if (!done)
        return Response.json({
          success: true,
          done: false,
          status: 'running',
          record_id: record,
          message: 'Creating your website. 1 of 3 pages complete.',
          poll_after_ms: 600_000,
          result: { website_id: website },
        });
      return Response.json({
        success: true,
        done: true,
        status: 'complete',
        record_id: record,
        message: 'Your website is ready.',
        result: { website_id: website, pages_summary: { total: 3, complete: 3, running: 0, errored: 0 } },
      });
    });
    const polls = () => outbound.to(url);

    const created = await apiJson('/v1/watches', 'POST', { provider: 'lindo', kind: 'site', id: record });
    expect(created.status).toBe(201);
    const watchId = created.body.id as string;

    // The first poll teaches the watch the website id; its shard registers it with the key's object.
    await expect
      .poll(async () => (await keyObject()).resolve('lindo', [website]), { timeout: 15_000 })
      .toBe(`lindo/site/${record}`);
    expect(polls()).toHaveLength(1);

    done = true;
    const res = await postLindo({
      event: 'workflow.website.completed',
      timestamp: new Date().toISOString(),
      data: { website_id: website, business_name: 'Brookside Plumbing', preview_url: 'https://brookside.lindo.site' },
    });
    expect(res.status).toBe(200);
    // Taken over by the watch: the hint itself emits nothing; the poll it causes speaks.
    expect(await res.json()).toEqual({ received: true, duplicate: false, events: [] });

    await expect
      .poll(async () => (await apiJson(`/v1/watches/${watchId}`)).body.state, { timeout: 15_000, interval: 50 })
      .toBe('done');
    expect(polls()).toHaveLength(2);
    const subject = `lindo/site/${record}`;
    await expect
      .poll(async () => (await eventsOf(subject)).map((e) => e.type), { timeout: 15_000, interval: 50 })
      .toEqual(['site.progress', 'site.complete']);
    const events = await eventsOf(subject);
    expect(events.map((e) => e.data.observed_via)).toEqual(['poll', 'poll']);
    // The hint's URL is kept on the event the poll caused (Lindo's status API has none).
    expect(events[1].data).toMatchObject({ status: 'complete', url: 'https://brookside.lindo.site' });
    expect(await eventsOf(`lindo/site/${website}`)).toEqual([]);
    expect((await apiJson(`/v1/watches/${watchId}`)).body).toMatchObject({ webhook_seen: true, polls: 2 });
  });
});
