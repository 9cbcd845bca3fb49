/** The dashboard's Warpweb actions in a real headless Chromium against a relay and the Warpweb simulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './helpers/browser';
import { useProviders } from './helpers/providers';

const POLL = { timeout: 20_000 };
const DAY = 86_400_000;
const p = useProviders();
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser?.close());

async function watchedSite(script: Parameters<typeof p.warpweb.addSite>[0]) {
  const id = p.warpweb.addSite(script);
  const res = await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'warpweb', id }) });
  expect(res.status).toBe(201);
  await expect.poll(async () => (await p.watchOf(`warpweb/site/${id}`))?.state, POLL).toBe('done');
  return id;
}

describe('the dashboard with Warpweb', { timeout: 90_000 }, () => {
  it('applies the fix prompts of a build and shows the revision to its end; refreshes a paused free-tier site', async () => {
    const fixable = await watchedSite({ durationMs: 500, outcome: 'complete_with_warnings', revisionMs: 800 });
    const paused = await watchedSite({ durationMs: 300, drop: true, refreshedAt: Date.now() - 8 * DAY });
    const { page, problems } = await browser.newPage();
    await page.goto(`${p.relay.url}/`);
    await page.locator('#token').fill(p.relay.adminToken);
    await page.locator('#login-form button[type=submit]').click();

    const card = page.locator(
      `#builds .build[data-subject="warpweb/site/${fixable}"][data-status="complete_with_warnings"]`,
    );
    await card.locator('button.apply-fix').click();
    const line = card.locator('.revision-result');
    await expect.poll(() => line.textContent(), POLL).toMatch(/^revision [0-9a-f-]{36}: complete$/);
    const sent = p.warpweb.actions.filter((a) => a.siteId === fixable);
    expect(sent.map((a) => [a.action, a.prompt])).toEqual([
      ['revisions', 'Hero must present the services as a short list, not tiles'],
    ]);
    // The revision also has its own card, complete.
    await page
      .locator(`#builds .build[data-subject="warpweb/revision/${sent[0]!.revisionId}"][data-status="complete"]`)
      .waitFor();

    const site = page.locator(`#live-sites .live-site[data-subject="warpweb/site/${paused}"]`);
    await site.and(page.locator('[data-pause="paused"]')).waitFor(POLL);
    expect(await site.locator('.countdown').textContent()).toMatch(/^paused/);
    await site.locator('button.refresh-site').click();
    const refreshed = page.locator(
      `#live-sites .live-site[data-subject="warpweb/site/${paused}"][data-pause="active"]`,
    );
    await refreshed.waitFor(POLL);
    expect(await refreshed.locator('.countdown').textContent()).toMatch(/^pauses in 6 d 23 h \(/);
    expect(p.warpweb.actions.filter((a) => a.siteId === paused).map((a) => [a.action, a.status])).toEqual([
      ['refresh', 200],
    ]);
    expect(problems).toEqual([]);
  });
});
