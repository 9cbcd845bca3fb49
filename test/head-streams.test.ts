/**
 * HEAD on the per-build stream answers the stream's headers and opens no
 * stream, as HEAD /v1/stream does: nothing would ever read it (and on Node
 * the stream's own writer and the HEAD answer fought over the same headers).
 */
import { describe, expect, it, vi } from 'vitest';
import { rawRequest } from './helpers/raw-http';
import { ADMIN_TOKEN, useTestRelay } from './helpers/relay';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const relay = useTestRelay();

const head = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(relay.url, { method: 'HEAD', path, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } });

describe('HEAD /v1/resources/:provider/:kind/:id/stream', () => {
  it('answers the stream headers for a running or unknown build and opens no stream', async () => {
    const serverErrors = vi.spyOn(console, 'error');
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', 'head-running'));
    for (const site of ['head-running', 'head-never-seen']) {
      const res = await head(`/v1/resources/warpweb/site/${site}/stream`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(res.text).toBe('');
    }
    expect(relay.relay.hub.listenerCount()).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(serverErrors).not.toHaveBeenCalled();
    serverErrors.mockRestore();
  });

  it('answers 204 past the end, as GET does, and 401 without a credential', async () => {
    const done = await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'head-done'));
    const seq = (await (await relay.api(`/v1/resources/warpweb/site/head-done`)).json()).last_sequence;
    expect(done.status).toBe(200);
    expect((await head('/v1/resources/warpweb/site/head-done/stream', { 'last-event-id': String(seq) })).status).toBe(
      204,
    );
    expect(
      (await rawRequest(relay.url, { method: 'HEAD', path: '/v1/resources/warpweb/site/head-done/stream' })).status,
    ).toBe(401);
  });
});
