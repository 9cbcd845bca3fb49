/**
 * The dashboard's watch and subscription panels in a real headless Chromium,
 * against the relay's real API: watches that poll the Lindo and Warpweb
 * simulators (their clock is moved by the test, so every step of a build is
 * seen), and a subscription whose receiver fails one delivery, which the
 * page then retries. Nothing of the relay is faked.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/simulators/clock';
import { startLindoSim, type LindoSim } from '../src/simulators/lindo-sim';
import { deploymentUrl } from '../src/simulators/warpweb-builds';
import { startWarpwebSim, type WarpwebSim } from '../src/simulators/warpweb-sim';
import { launchBrowser, type TestBrowser } from './helpers/browser';
import { FAST_LIMITS, providerEnv } from './helpers/providers';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { deliveriesOf, subscribe, type SubscriptionJson } from './helpers/subscriptions';

/** Waiting on a loaded 2-core machine: generous, never a timing assertion. */
const POLL = { timeout: 20_000 };
const ARTIFACTS = 'test-results';

const clock = manualClock();
let warpweb: WarpwebSim;
let lindo: LindoSim;
let sink: Sink;
let relay: TestRelay;
let browser: TestBrowser;
let page: Page;
let problems: string[];
let subscription: SubscriptionJson;
/** The Warpweb build whose completion the receiver refuses the first time. */
let failingSubject = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [warpweb, lindo, browser, sink] = await Promise.all([
    startWarpwebSim({ limits: FAST_LIMITS, clock }),
    startLindoSim({ limits: FAST_LIMITS, clock }),
    launchBrowser(),
    startSink((r) => {
      const e = JSON.parse(r.body);
      const firstTime = sink.received.filter((x) => JSON.parse(x.body).subject === e.subject).length === 1;
      return e.subject === failingSubject && firstTime ? { status: 500, body: 'database is down' } : { status: 204 };
    }),
  ]);
  relay = await startTestRelay({
    ...providerEnv(warpweb, lindo),
    SITEWIRE_POLL_TIMEOUT_MS: '3000',
    // A failed delivery waits an hour: only the page's Retry sends it again.
    SITEWIRE_RETRY_SCHEDULE: '1h',
  });
  subscription = await subscribe(relay, { url: sink.url, types: ['site.complete'], description: 'CRM sync' });
  ({ page, problems } = await browser.newPage());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  await Promise.all([warpweb?.close(), lindo?.close(), sink?.close()]);
});

const watchItem = (subject: string) => page.locator(`#watches .watch[data-subject="${subject}"]`);
const bar = (item: Locator) => item.locator('progress');
const barOf = async (item: Locator) =>
  `${await bar(item).getAttribute('value')}/${await bar(item).getAttribute('max')}`;

describe('the dashboard panels on the real API', { timeout: 90_000 }, () => {
  it('show active watches with their phase and a progress bar that moves with the pages, then each build ends', async () => {
    await page.goto(`${relay.url}/`);
    await page.locator('#token').fill(relay.adminToken);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#status[data-state="live"]').waitFor();
    await page.locator('#watches-empty').waitFor();

    const start = clock.now();
    const flow = lindo.addWorkflow({
      kind: 'website',
      durationMs: 10_000,
      scheduledMs: 2000,
      pages: 4,
      pollAfterMs: 10,
      hint: false,
    });
    const site = warpweb.addSite({
      durationMs: 10_000,
      outcome: 'complete_with_warnings',
      businessName: 'Maple Dental',
    });
    failingSubject = `warpweb/site/${site}`;
    for (const [provider, id] of [
      ['lindo', flow],
      ['warpweb', site],
    ]) {
      expect((await relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider, id }) })).status).toBe(
        201,
      );
    }
    const lindoWatch = watchItem(`lindo/site/${flow}`);
    const warpwebWatch = watchItem(failingSubject);

    // Lindo is queued; Warpweb researches (phase 1 of 6 on the bar).
    await lindoWatch.locator('[data-status="queued"], .phase').first().waitFor();
    await expect.poll(() => lindoWatch.getAttribute('data-status'), POLL).toBe('queued');
    expect(await lindoWatch.locator('.phase').textContent()).toBe('Queued: waiting for a worker.');
    await expect
      .poll(() => warpwebWatch.locator('.phase').textContent(), POLL)
      .toBe('researching · Researching the business');
    expect(await barOf(warpwebWatch)).toBe('1/6');
    expect(await warpwebWatch.locator('.polls').textContent()).toMatch(/^\d+ polls? · no webhook yet · next poll /);

    // Each page that completes moves the bar, without a reload.
    for (const [at, pages] of [
      [5000, 1],
      [7000, 2],
      [9000, 3],
    ] as const) {
      clock.set(start + at);
      await expect.poll(() => barOf(lindoWatch), POLL).toBe(`${pages}/4`);
      expect(await lindoWatch.locator('.pages').textContent()).toBe(`${pages}/4 pages`);
      expect(await lindoWatch.locator('.phase').textContent()).toBe(
        `Creating your website. ${pages} of 4 pages complete.`,
      );
    }
    await expect.poll(() => warpwebWatch.locator('.phase').textContent(), POLL).toBe('deploying · Publishing the site');
    expect(await barOf(warpwebWatch)).toBe('5/6');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-watches.png`, fullPage: true });

    // Both end: the watches leave the panel, the builds' cards show the outcome.
    clock.set(start + 10_000);
    await page.locator('#watches-empty').waitFor({ timeout: POLL.timeout });
    const lindoCard = page.locator(`#builds .build[data-subject="lindo/site/${flow}"][data-status="complete"]`);
    await lindoCard.waitFor({ timeout: POLL.timeout });
    expect(await barOf(lindoCard)).toBe('4/4');
    expect(await lindoCard.locator('.pages').textContent()).toBe('4/4 pages');

    const card = page.locator(`#builds .build[data-subject="${failingSubject}"][data-status="complete_with_warnings"]`);
    await card.waitFor({ timeout: POLL.timeout });
    expect(await card.locator('a.url').getAttribute('href')).toBe(deploymentUrl(warpweb.site(site)!));
    expect(await card.locator('.warning .fix').textContent()).toBe(
      'Hero must present the services as a short list, not tiles',
    );
    expect(await card.locator('.warning').textContent()).toContain(
      'Hero shows 6 service tiles where the brief asked for a list',
    );
    expect(await card.locator('.meta').last().textContent()).toContain('via poll');

    // The build's latest state, from GET /v1/resources/..., with its finished watch.
    await card.getByRole('button', { name: 'Latest state' }).click();
    const state = JSON.parse((await card.locator('pre:not([hidden])').last().textContent())!);
    expect(state).toMatchObject({
      subject: failingSubject,
      status: 'complete_with_warnings',
      terminal: true,
      watch: { state: 'done', webhook_seen: false },
    });
    expect(problems).toEqual([]);
  });

  it('show each subscription with its recent deliveries, send a test event, and retry a failed delivery', async () => {
    const item = page.locator(`#subscriptions .subscription[data-id="${subscription.id}"]`);
    await expect.poll(() => item.locator('.delivery').count(), POLL).toBe(2);
    expect(await item.textContent()).toContain('CRM sync');
    expect(await item.locator('.meta').first().textContent()).toBe('types: site.complete');

    // The receiver refused the Warpweb completion: failed, an hour until the next try.
    const [failed] = await deliveriesOf(relay, subscription.id, 'failed');
    expect(failed).toMatchObject({ subject: failingSubject, attempt_count: 1 });
    const row = item.locator(`.delivery[data-id="${failed!.id}"]`);
    expect(await row.getAttribute('data-status')).toBe('failed');
    expect(await row.textContent()).toMatch(/site\.complete.*1 attempt · HTTP 500 · .* · next try /);
    expect(await row.getAttribute('title')).toBe('answer: database is down');
    expect(await item.locator('.delivery[data-status="succeeded"] button.retry').count()).toBe(0);

    const before = sink.received.length;
    await item.getByRole('button', { name: 'Send test event' }).click();
    await expect
      .poll(() => item.locator('.result').textContent(), POLL)
      .toMatch(/^test: delivered · HTTP 204 · \d+ ms$/);
    const test = sink.received[before]!;
    expect(JSON.parse(test.body)).toMatchObject({ type: 'sitewire.test' });
    expect(() => verifyDelivery(subscription.secret, test)).not.toThrow();

    await row.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('succeeded');
    expect(await row.textContent()).toMatch(/2 attempts · HTTP 204/);
    expect(await row.locator('button.retry').count()).toBe(0);
    expect(await item.locator('.result').textContent()).toBe('retry: queued');
    const resent = sink.received.filter((r) => JSON.parse(r.body).subject === failingSubject);
    expect(resent.map((r) => r.headers['webhook-id'])).toEqual([failed!.event_id, failed!.event_id]);
    expect((await deliveriesOf(relay, subscription.id, 'succeeded')).map((d) => d.id)).toContain(failed!.id);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-panels.png`, fullPage: true });

    // Phone width: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-panels-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
