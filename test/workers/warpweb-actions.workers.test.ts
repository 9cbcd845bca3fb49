/**
 * Warpweb revisions and refresh in workerd, through the Worker's own fetch: the revision request
 * reaches Warpweb with the fix prompt, its webhook ends the revision watch, and a refresh reaches
 * Warpweb and shows the site's pause state on its watch.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { siteWarnings } from '../../src/simulators/warpweb-builds';
import { stubOutbound } from './outbound';
import { WARPWEB_API, warpwebSite } from './providers';
import { apiJson, eventsOf, postWarpweb, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const stateOf = async (id: string) => (await apiJson(`/v1/watches/${id}`)).body;
const untilDone = (id: string) =>
  expect.poll(async () => (await stateOf(id)).state, { timeout: 15_000, interval: 50 }).toBe('done');

async function builtSite(outcome: 'complete' | 'complete_with_warnings') {
  const outbound = stubOutbound();
  const id = crypto.randomUUID();
  const site = warpwebSite(outbound, id, [1], outcome);
  const created = await apiJson('/v1/watches', 'POST', { provider: 'warpweb', id });
  expect(created.status).toBe(201);
  await untilDone(created.body.id);
  return { outbound, id, site, watchId: created.body.id as string };
}

describe('Warpweb watch actions in workerd', () => {
  it('sends the fix prompts, and the revision webhook ends the revision watch', async () => {
    const { outbound, id, watchId } = await builtSite('complete_with_warnings');
    const revisionId = crypto.randomUUID();
    outbound.route((req) =>
      req.method === 'POST' && req.url === `${WARPWEB_API}/v1/sites/${id}/revisions`
        ? Response.json({ revisionId, status: 'pending', queue_position: 2, queue_total: 3 })
        : undefined,
    );
    const res = await apiJson(`/v1/watches/${watchId}/revisions`, 'POST', { apply_fix_prompts: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'revision',
      subject: `warpweb/revision/${revisionId}`,
      status: 'queued',
      message: 'Queue position 2 of 3',
    });
    const sent = outbound.to(`${WARPWEB_API}/v1/sites/${id}/revisions`);
    expect(sent.map((c) => JSON.parse(c.body))).toEqual([
      { prompt: siteWarnings(id)[0]!.fix_via_revision.suggested_prompt },
    ]);

    const ack = await postWarpweb(warpwebEnvelope('site.revision_complete', id, { revision_id: revisionId }));
    expect(ack.status).toBe(200);
    expect(await stateOf(res.body.id)).toMatchObject({ state: 'done', status: 'complete', webhook_seen: true });
    expect((await eventsOf(`warpweb/revision/${revisionId}`)).map((e) => [e.type, e.data.observed_via])).toEqual([
      ['revision.queued', 'poll'],
      ['revision.complete', 'webhook'],
    ]);
  });

  it('refreshes a free-tier site at Warpweb and shows its pause state', async () => {
    const { outbound, id, site, watchId } = await builtSite('complete');
    const refreshedAt = Date.now();
    outbound.route((req) =>
      req.method === 'POST' && req.url === `${WARPWEB_API}/v1/sites/${id}/refresh`
        ? Response.json({
            id,
            status: 'complete',
            hosting_tier: 'free_subdomain',
            deployment_url: `https://${site.site.slug}.warpweb.app`,
            last_refreshed_at: new Date(refreshedAt).toISOString(),
            pause_state: 'active',
            updated_at: new Date(refreshedAt).toISOString(),
          })
        : undefined,
    );
    const res = await apiJson(`/v1/watches/${watchId}/refresh`, 'POST');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: watchId,
      pause_state: 'active',
      pause_at: new Date(refreshedAt + 7 * 86_400_000).toISOString(),
    });
    expect(outbound.to(`${WARPWEB_API}/v1/sites/${id}/refresh`).map((c) => c.method)).toEqual(['POST']);
  });
});
