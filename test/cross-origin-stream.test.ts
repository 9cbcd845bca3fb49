/**
 * A customer's own page, served from another origin, follows a build with
 * EventSource and a stream token, as the README shows: the browser must be
 * allowed to read the stream (CORS), and to read the 204 and the 401 that tell
 * it to stop, or it would retry for ever.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './helpers/browser';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const POLL = { timeout: 15_000 };

let relay: TestRelay;
let browser: TestBrowser;
let page: Server;
let pageUrl: string;
beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  // Another port is another origin.
  page = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>shop</title>'),
  );
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  await new Promise((resolve) => page?.close(resolve));
});

const mint = async (scope: unknown) =>
  (await (await relay.api('/v1/stream-tokens', { method: 'POST', body: JSON.stringify(scope) })).json())
    .token as string;

describe('EventSource on a page of another origin', { timeout: 90_000 }, () => {
  it("follows one build's stream with a stream token to its end, and stops on the 204 and on a 401", async () => {
    const site = 'cross-origin-build-1';
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', site));
    const { page: tab } = await browser.newPage();
    await tab.goto(pageUrl);
    const answers: number[] = [];
    tab.on('response', (r) => {
      if (r.url().includes(`/v1/resources/warpweb/site/${site}/stream`)) answers.push(r.status());
    });
    const open = (url: string) =>
      tab.evaluate((u) => {
        const w = window as unknown as { seen: string[]; es: EventSource };
        w.seen = [];
        w.es = new EventSource(u);
        for (const type of ['site.progress', 'site.complete']) {
          w.es.addEventListener(type, (m) =>
            w.seen.push(`${type} ${JSON.parse((m as MessageEvent).data).data.status}`),
          );
        }
      }, url);
    const seen = () => tab.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const readyState = () => tab.evaluate(() => (window as unknown as { es: EventSource }).es.readyState);
    const streamUrl = `${relay.url}/v1/resources/warpweb/site/${site}/stream?access_token=`;

    // Refused: the browser must see the 401 to stop (a CORS failure would make it retry for ever).
    await open(streamUrl + (await mint({ resources: ['warpweb/site/another'] })));
    await expect.poll(readyState, POLL).toBe(2);

    await open(streamUrl + (await mint({ resources: [`warpweb/site/${site}`] })));
    await expect.poll(seen, POLL).toEqual(['site.progress running']);
    await postWarpweb(
      relay.url,
      warpwebEnvelope('site.complete', site, { deployment_url: 'https://cross.warpweb.app' }),
    );
    await expect.poll(seen, POLL).toEqual(['site.progress running', 'site.complete complete']);
    await expect.poll(readyState, POLL).toBe(2);
    expect(answers).toEqual([401, 200, 204]);
    await tab.close();
  });

  it('reads /v1/stream with a stream token', async () => {
    const { page: tab } = await browser.newPage();
    await tab.goto(pageUrl);
    const url = `${relay.url}/v1/stream?types=site.*&access_token=${await mint({ types: ['site.*'] })}`;
    await tab.evaluate((u) => {
      const w = window as unknown as { seen: string[]; es: EventSource };
      w.seen = [];
      w.es = new EventSource(u);
      w.es.addEventListener('site.complete', (m) => w.seen.push(JSON.parse((m as MessageEvent).data).subject));
    }, url);
    await expect.poll(() => tab.evaluate(() => (window as unknown as { es: EventSource }).es.readyState), POLL).toBe(1);
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'cross-origin-build-2'));
    await expect
      .poll(() => tab.evaluate(() => (window as unknown as { seen: string[] }).seen), POLL)
      .toContain('warpweb/site/cross-origin-build-2');
    await tab.close();
  });
});

describe('CORS headers', () => {
  it('are on the stream routes only, and a preflight for Last-Event-ID is answered without credentials', async () => {
    const preflight = await fetch(`${relay.url}/v1/stream`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'last-event-id',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Last-Event-ID');
    expect((await fetch(`${relay.url}/v1/stream`)).headers.get('access-control-allow-origin')).toBe('*'); // the 401
    expect((await relay.api('/v1/events')).headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (
        await fetch(`${relay.url}/v1/events`, {
          method: 'OPTIONS',
          headers: { 'access-control-request-method': 'GET' },
        })
      ).status,
    ).toBe(401);
  });
});
