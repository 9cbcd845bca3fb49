/** The dashboard in a real headless Chromium against a real relay. */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './helpers/browser';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

/** Waiting on a loaded 2-core machine: generous, never a timing assertion. */
const POLL = { timeout: 15_000 };

const ARTIFACTS = 'test-results';
let relay: TestRelay;
let browser: TestBrowser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await relay?.stop();
});

const build = (page: Page, site: string, status?: string) =>
  page.locator(`#builds .build[data-subject="warpweb/site/${site}"]${status ? `[data-status="${status}"]` : ''}`);

async function signIn(page: Page, token: string) {
  await page.goto(`${relay.url}/`);
  await page.locator('#token').fill(token);
  await page.locator('#login-form button[type=submit]').click();
}

describe('the dashboard', { timeout: 90_000 }, () => {
  it('shows events and a build progressing live, over a stream token, with no console errors', async () => {
    await postWarpweb(
      relay.url,
      warpwebEnvelope('site.complete', 'earlier-site', { deployment_url: 'https://earlier.warpweb.app' }),
    );
    const { page, problems } = await browser.newPage();
    const streamUrls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/stream?')) streamUrls.push(r.url());
    });
    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++;
    });

    await signIn(page, relay.adminToken);
    await page.locator('#status[data-state="live"]').waitFor();
    await build(page, 'earlier-site', 'complete').waitFor(); // backfilled from before the page opened
    expect(await page.locator('#token').inputValue()).toBe('');
    expect(streamUrls).toHaveLength(1);
    expect(streamUrls[0]).toMatch(/access_token=sws_/);
    expect(streamUrls[0]).not.toContain(relay.adminToken);

    const site = 'dash-site-1';
    await postWarpweb(
      relay.url,
      warpwebEnvelope('site.research_ready', site, { message: 'Research is ready for review' }),
    );
    await build(page, site, 'running').waitFor();
    expect(await build(page, site).locator('.phase').textContent()).toBe(
      'research_review · Research is ready for review',
    );
    expect(await build(page, site).locator('progress').getAttribute('value')).toBe('2');

    await postWarpweb(relay.url, warpwebEnvelope('webhook.test_ping', site)); // a type the page has no listener for
    await postWarpweb(
      relay.url,
      warpwebEnvelope('site.complete', site, {
        status: 'complete_with_warnings',
        deployment_url: 'https://brookside-plumbing-a1b2c3.warpweb.app',
        warnings: [
          {
            rule: 'hero-is-wedge-not-list',
            severity: 'error',
            page: 'index.html',
            viewport: 'desktop',
            description: 'Hero shows 6 service tiles <b>not</b> a list',
            fix_via_revision: {
              endpoint: '/v1/sites/x/revisions',
              suggested_prompt: 'Hero must list the services as a plain list.',
            },
          },
        ],
      }),
    );
    const card = build(page, site, 'complete_with_warnings');
    await card.waitFor();
    expect(await card.locator('a.url').getAttribute('href')).toBe('https://brookside-plumbing-a1b2c3.warpweb.app');
    expect(await card.locator('.warning .fix').textContent()).toBe('Hero must list the services as a plain list.');
    // Provider text is shown as text, never as markup.
    expect(await card.locator('.warning').textContent()).toContain('Hero shows 6 service tiles <b>not</b> a list');
    expect(await card.locator('.warning b').count()).toBe(0);
    expect(await card.locator('progress').getAttribute('value')).toBe('1');

    // The live list holds every event, newest first, the pass-through included.
    const rows = page.locator('#events .event');
    await expect.poll(() => rows.first().getAttribute('data-type'), POLL).toBe('site.complete');
    const types = await rows.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-type')} ${e.getAttribute('data-seq')}`),
    );
    const stored = (await (await relay.api('/v1/events?limit=1000')).json()).data as {
      type: string;
      sequence: string;
    }[];
    expect(types).toEqual(stored.map((e) => `${e.type} ${e.sequence}`).reverse());
    expect(types.map((t) => t.split(' ')[0])).toContain('warpweb.webhook.test_ping');
    expect(navigations).toBe(1);

    // This relay has no watches or subscriptions: the panels say so (test/dashboard-panels.test.ts fills them).
    expect(await page.locator('#watches-empty').textContent()).toBe('No active watches.');
    expect(await page.locator('#subscriptions-empty').textContent()).toBe('No subscriptions.');
    expect(await page.locator('#watches-empty').isVisible()).toBe(true);
    expect(await page.locator('#subscriptions-empty').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-desktop.png`, fullPage: true });

    // Phone width: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-phone.png`, fullPage: true });

    // A reload keeps the tab signed in and shows the builds again.
    expect(problems).toEqual([]);
    await page.reload();
    await page.locator('#status[data-state="live"]').waitFor();
    await build(page, site, 'complete_with_warnings').waitFor();
    // The reload itself cancels what the old page still had in flight (its 10 s refresh may be
    // one): those requests end net::ERR_ABORTED, which says nothing about the page.
    expect(problems.filter((p) => !/^request failed: .* net::ERR_ABORTED$/.test(p))).toEqual([]);
    await page.close();
  });

  it('refuses a wrong token with a message, and signs out', async () => {
    const { page } = await browser.newPage();
    await signIn(page, 'not-the-admin-token-000');
    await page.locator('#login-error').waitFor();
    expect(await page.locator('#login-error').textContent()).toBe('The relay refused the admin token.');
    expect(await page.locator('#app').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await signIn(page, relay.adminToken);
    await page.locator('#status[data-state="live"]').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('sitewire.adminToken'))).toBe(relay.adminToken);
    await page.locator('#sign-out').click();
    await page.locator('#login').waitFor();
    expect(await page.locator('#status').getAttribute('data-state')).toBe('signed-out');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });

  it('follows one build over its own stream with a stream token, as the README shows, and stops after the end', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${relay.url}/`); // any page of the relay's origin
    const site = 'browser-build-1';
    const answers: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes(`/v1/resources/warpweb/site/${site}/stream`)) answers.push(r.status());
    });
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', site, { message: 'Research ready' }));
    const mint = async (scope: unknown) =>
      (await (await relay.api('/v1/stream-tokens', { method: 'POST', body: JSON.stringify(scope) })).json())
        .token as string;
    const open = (url: string) =>
      page.evaluate((u) => {
        const w = window as unknown as { seen: string[]; es: EventSource };
        w.seen = [];
        w.es = new EventSource(u);
        for (const type of ['site.queued', 'site.progress', 'site.complete', 'site.failed']) {
          w.es.addEventListener(type, (m) =>
            w.seen.push(`${type} ${JSON.parse((m as MessageEvent).data).data.status}`),
          );
        }
      }, url);
    const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const readyState = () => page.evaluate(() => (window as unknown as { es: EventSource }).es.readyState);

    // A token for another build gets nothing, and the browser gives up at once (401).
    await open(
      `/v1/resources/warpweb/site/${site}/stream?access_token=${await mint({ resources: ['warpweb/site/another'] })}`,
    );
    await expect.poll(readyState, POLL).toBe(2);
    expect(await seen()).toEqual([]);

    await open(
      `/v1/resources/warpweb/site/${site}/stream?access_token=${await mint({ resources: [`warpweb/site/${site}`] })}`,
    );
    await expect.poll(seen, POLL).toEqual(['site.progress running']); // the current state first
    await postWarpweb(
      relay.url,
      warpwebEnvelope('site.complete', site, { deployment_url: 'https://browser-build.warpweb.app' }),
    );
    await expect.poll(seen, POLL).toEqual(['site.progress running', 'site.complete complete']);
    // The server closed; the browser's reconnect got 204 and it stopped for good.
    await expect.poll(readyState, POLL).toBe(2);
    expect(await seen()).toHaveLength(2);
    await expect.poll(() => answers, POLL).toEqual([401, 200, 204]);
    await page.close();
  });

  it('serves the page with a strict content security policy', async () => {
    const res = await fetch(`${relay.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // no CDN, no font service
    for (const asset of ['/dashboard.js', '/dashboard.css'])
      expect((await fetch(`${relay.url}${asset}`)).status).toBe(200);
  });
});
