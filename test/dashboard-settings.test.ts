/**
 * The dashboard's subscription settings form, its "Recover failed" button and the
 * health strip, in a real headless Chromium against the relay's real API and a real
 * receiver that refuses deliveries until the test lets it answer.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './helpers/browser';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { startSink, verifyDelivery, type Sink } from './helpers/sink';
import { deliveriesOf, getJson, sendForm, subscribe, type SubscriptionJson } from './helpers/subscriptions';

const POLL = { timeout: 20_000 };
const ARTIFACTS = 'test-results';

let healthy = false;
let sink: Sink;
let relay: TestRelay;
let browser: TestBrowser;
let page: Page;
let problems: string[];
let sub: SubscriptionJson;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [browser, sink] = await Promise.all([launchBrowser(), startSink(() => ({ status: healthy ? 204 : 500 }))]);
  // Two quick attempts, then the delivery is dead.
  relay = await startTestRelay({ SITEWIRE_RETRY_SCHEDULE: '10ms' });
  sub = await subscribe(relay, { url: sink.url, description: 'Billing hook' });
  ({ page, problems } = await browser.newPage());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  await sink?.close();
});

describe('the dashboard subscription controls', { timeout: 90_000 }, () => {
  it('show a dead delivery in the health strip, recover it with the button, then show the recovery', async () => {
    const [eventId] = await sendForm(relay, 'dash-recover', 'Ada');
    await expect.poll(async () => (await deliveriesOf(relay, sub.id, 'dead')).length, POLL).toBe(1);

    await page.goto(`${relay.url}/`);
    await page.locator('#token').fill(relay.adminToken);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#status[data-state="live"]').waitFor();
    const dead = page.locator('#health .health-event[data-type="delivery.dead"]');
    await dead.waitFor({ timeout: POLL.timeout });
    expect(await dead.textContent()).toContain(sub.id);
    expect(await dead.textContent()).toContain('HTTP 500');
    expect(await page.locator('#health-empty').isHidden()).toBe(true);

    healthy = true;
    const item = page.locator(`#subscriptions .subscription[data-id="${sub.id}"]`);
    await item.getByRole('button', { name: 'Recover failed' }).click();
    await expect.poll(() => item.locator('.result').textContent(), POLL).toBe('recover: 1 re-queued');
    await expect.poll(async () => (await deliveriesOf(relay, sub.id, 'succeeded')).length, POLL).toBe(1);
    const delivered = sink.received.at(-1)!;
    expect(delivered.headers['webhook-id']).toBe(eventId);
    verifyDelivery(sub.secret, delivered);
    // The recovery shows in the strip, newest first.
    const first = page.locator('#health .health-event').first();
    await expect.poll(() => first.getAttribute('data-type'), POLL).toBe('subscription.recovered');
    expect(problems).toEqual([]);
  });

  it('edit the delivery settings with the form, refuse a bad value with its reason, and clear them', async () => {
    const item = page.locator(`#subscriptions .subscription[data-id="${sub.id}"]`);
    const box = item.locator('details.settings');
    // The list refreshes as deliveries happen; a refresh that lands mid-fill can drop the edit (the form is
    // moved, and loses focus), so each field is filled until its value holds.
    const setField = async (name: string, value: string) => {
      const input = item.locator(`[name=${name}]`);
      for (let tries = 0; tries < 20; tries++) {
        await input.fill(value);
        if ((await input.inputValue()) === value) return;
      }
      throw new Error(`the ${name} field did not keep ${JSON.stringify(value)}`);
    };
    await box.locator('summary').click();
    const form = box.locator('form');
    await setField('headers', 'X-Team: blue\nAuthorization: Bearer abc');
    await setField('rate_per_second', '5');
    await setField('retry_schedule', '1s,1m');
    await setField('timeout_ms', '2500');
    await setField('circuit_failures', '3');
    await setField('circuit_cooldown_s', '60');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await getJson(relay, `/v1/subscriptions/${sub.id}`)).retry_schedule, POLL)
      .toBe('1s,1m');
    expect(await getJson(relay, `/v1/subscriptions/${sub.id}`)).toMatchObject({
      headers: { 'X-Team': 'blue', Authorization: 'Bearer abc' },
      rate_limit: { per_second: 5 },
      timeout_ms: 2500,
      circuit: { failures: 3, cooldown_s: 60 },
    });
    await expect
      .poll(() => item.locator('details.settings summary').textContent(), POLL)
      .toBe('Delivery settings: 2 headers · 5/s · retries 1s,1m · timeout 2500 ms · circuit 3 / 60 s');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-settings.png`, fullPage: true });

    // A header the relay sets itself is refused, with the reason; nothing changes.
    await item.locator('details.settings summary').click();
    await setField('headers', 'Host: example.com');
    await item.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => item.locator('.settings-result').textContent(), POLL)
      .toMatch(/^not saved: .*headers\.Host: this header is set by the relay/);
    expect((await getJson(relay, `/v1/subscriptions/${sub.id}`)).headers).toEqual({
      'X-Team': 'blue',
      Authorization: 'Bearer abc',
    });

    // Every field emptied: every setting off.
    for (const name of [
      'headers',
      'rate_per_second',
      'retry_schedule',
      'timeout_ms',
      'circuit_failures',
      'circuit_cooldown_s',
    ])
      await setField(name, '');
    await item.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(async () => (await getJson(relay, `/v1/subscriptions/${sub.id}`)).headers, POLL).toBe(null);
    expect(await getJson(relay, `/v1/subscriptions/${sub.id}`)).toMatchObject({
      rate_limit: null,
      retry_schedule: null,
      timeout_ms: null,
      circuit: null,
    });
    // The refused save is the one HTTP error (the browser also logs it); nothing else went wrong.
    expect(problems.filter((p) => p.startsWith('HTTP 400 PATCH'))).toHaveLength(1);
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});
