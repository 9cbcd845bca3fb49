/** Provider ingest over real HTTP: Lindo's token and dedup, unconfigured providers, Warpweb's ack. */
import { describe, expect, it } from 'vitest';
import { rawRequest } from './helpers/raw-http';
import { LINDO_TOKEN, useTestRelay } from './helpers/relay';
import { postLindo, postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const relay = useTestRelay();

const events = async (query = '') =>
  (await (await relay.api(`/v1/events${query}`)).json()).data as Record<string, any>[];

const websiteCompleted = (workflow: string) => ({
  event: 'workflow.website.completed',
  timestamp: '2026-05-18T12:05:00.000Z',
  data: {
    website_id: `web_${workflow}`,
    business_name: 'Brookside Plumbing',
    domain: 'brookside.lindo.site',
    preview_url: `https://preview.lindo.ai/${workflow}`,
    parent_workflow_id: workflow,
    completed_at: '2026-05-18T12:04:58.000Z',
  },
});

describe('POST /ingest/lindo', () => {
  it('takes a webhook with the token in the query and emits it from the webhook data', async () => {
    const res = await postLindo(relay.url, websiteCompleted('rec_query'));
    expect(res.status).toBe(200);
    const ack = await res.json();
    expect(ack).toMatchObject({ received: true, duplicate: false });
    expect(ack.events).toHaveLength(1);
    const [event] = await events('?resources=lindo/site/rec_query');
    expect(event).toMatchObject({
      id: ack.events[0],
      source: 'sitewire/lindo',
      type: 'site.complete',
      subject: 'lindo/site/rec_query',
      time: '2026-05-18T12:04:58.000Z',
      data: {
        provider: 'lindo',
        kind: 'site',
        resource_id: 'rec_query',
        site_id: 'web_rec_query',
        status: 'complete',
        url: 'https://preview.lindo.ai/rec_query',
        observed_via: 'webhook',
      },
    });
  });

  it('takes the token as a Bearer header', async () => {
    const res = await fetch(`${relay.url}/ingest/lindo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LINDO_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        event: 'client.created',
        timestamp: '2026-05-18T12:05:00.000Z',
        data: { client_id: 'cl_bearer' },
      }),
    });
    expect(res.status).toBe(200);
    const ack = await res.json();
    expect(ack.events).toHaveLength(1);
    expect(await events('?types=lindo.*&resources=lindo/client/cl_bearer')).toMatchObject([
      {
        type: 'lindo.client.created',
        subject: 'lindo/client/cl_bearer',
        data: { provider: 'lindo', observed_via: 'webhook' },
      },
    ]);
  });

  it('deduplicates by the hash of the raw body, whichever way the token came', async () => {
    const raw = JSON.stringify({
      event: 'client.created',
      timestamp: '2026-05-18T12:06:00.000Z',
      data: { client_id: 'cl_dup' },
    });
    const first = await postLindo(relay.url, null, { raw });
    expect((await first.json()).duplicate).toBe(false);
    const byQuery = await postLindo(relay.url, null, { raw });
    expect(await byQuery.json()).toEqual({ received: true, duplicate: true });
    const byBearer = await fetch(`${relay.url}/ingest/lindo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LINDO_TOKEN}` },
      body: raw,
    });
    expect(await byBearer.json()).toEqual({ received: true, duplicate: true });
    expect(await events('?resources=lindo/client/cl_dup')).toHaveLength(1);
  });

  it('takes other bytes of the same completion as a new delivery, but the finished build emits nothing again', async () => {
    const body = websiteCompleted('rec_twice');
    expect((await (await postLindo(relay.url, body)).json()).events).toHaveLength(1);
    const reformatted = await postLindo(relay.url, null, { raw: JSON.stringify(body, null, 2) });
    expect(await reformatted.json()).toEqual({ received: true, duplicate: false, events: [] });
    expect(await events('?resources=lindo/site/rec_twice')).toHaveLength(1);
  });

  it('refuses a wrong token with 401 unauthorized', async () => {
    const res = await postLindo(relay.url, websiteCompleted('rec_wrong'), { token: 'wrong-token-123' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await events('?resources=lindo/site/rec_wrong')).toEqual([]);
  });
});

describe('POST /ingest/warpweb', () => {
  it('acknowledges with the ids of the events it stored', async () => {
    const res = await postWarpweb(
      relay.url,
      warpwebEnvelope('site.research_ready', 'site-ack', { message: 'Research ready' }),
    );
    expect(res.status).toBe(200);
    const ack = await res.json();
    expect(ack).toEqual({ received: true, duplicate: false, events: [expect.stringMatching(/^evt_/)] });
    expect(await events('?resources=warpweb/site/site-ack')).toMatchObject([
      {
        id: ack.events[0],
        type: 'site.progress',
        data: { status: 'running', phase: 'research_review', message: 'Research ready' },
      },
    ]);
  });
});

describe('unconfigured providers', () => {
  const bare = useTestRelay({ WARPWEB_WEBHOOK_SECRET: '', LINDO_WEBHOOK_TOKEN: '' });

  it('answer 503 not_configured, for any request, and store nothing', async () => {
    const warpweb = await postWarpweb(bare.url, warpwebEnvelope('site.complete', 's'));
    expect(warpweb.status).toBe(503);
    expect(await warpweb.json()).toEqual({
      error: { code: 'not_configured', message: 'WARPWEB_WEBHOOK_SECRET is not set.' },
    });
    const lindo = await postLindo(bare.url, websiteCompleted('rec_bare'));
    expect(lindo.status).toBe(503);
    expect(await lindo.json()).toEqual({
      error: { code: 'not_configured', message: 'LINDO_WEBHOOK_TOKEN is not set.' },
    });
    const garbage = await rawRequest(bare.url, { method: 'POST', path: '/ingest/lindo', body: 'not json' });
    expect(garbage.status).toBe(503);
    expect(bare.relay.store.events.lastSeq()).toBe(0);
  });
});
