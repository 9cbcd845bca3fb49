/**
 * The dashboard's watch and subscription panels in Chromium. The watch and
 * subscription APIs are stood in for here by SPEC-shaped fakes (§2.2, §2.3)
 * registered on a real app, so the panels are exercised before those
 * features land; the same page then reads the real ones.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankObservation } from '../src/core/observation';
import { createTestApp } from './helpers/app';
import { launchBrowser, type TestBrowser } from './helpers/browser';
import { ADMIN_TOKEN } from './helpers/relay';

/** Waiting on a loaded 2-core machine: generous, never a timing assertion. */
const POLL = { timeout: 15_000 };

const t = createTestApp();
const now = new Date().toISOString();
const calls: string[] = [];
const watch = {
  id: 'wat_1', provider: 'lindo', kind: 'site', resource_id: 'wf-1', state: 'active', status: 'running', phase: 'generating_pages',
  polls: 7, webhook_seen: false, last_polled_at: now, next_poll_at: now, last_error: null, metadata: {}, created_at: now, updated_at: now,
};
const subscription = {
  id: 'sub_1', url: 'https://hooks.example.test/sitewire', types: ['site.*'], providers: [], resources: [], description: 'CRM sync',
  enabled: true, created_at: now,
};
const deliveries = [
  { id: 'dlv_2', event_id: 'evt_2', event_type: 'site.complete', status: 'succeeded', created_at: '2026-05-18T12:02:00.000Z',
    attempts: [{ attempt: 1, at: now, status_code: 200, duration_ms: 40, error: null, response_excerpt: 'ok' }] },
  { id: 'dlv_1', event_id: 'evt_1', event_type: 'site.progress', status: 'failed', created_at: '2026-05-18T12:01:00.000Z',
    attempts: [{ attempt: 1, at: now, status_code: 500, duration_ms: 30, error: null, response_excerpt: 'boom' }] },
];
t.app.get('/v1/watches', (c) => c.json({ data: c.req.query('state') === 'active' ? [watch] : [], next_cursor: null }));
t.app.get('/v1/subscriptions', (c) => c.json({ data: [subscription], next_cursor: null }));
t.app.get('/v1/subscriptions/:id/deliveries', (c) => c.json({ data: c.req.param('id') === 'sub_1' ? deliveries : [] }));
t.app.post('/v1/subscriptions/:id/test', (c) => {
  calls.push(`test ${c.req.param('id')}`);
  return c.json({ status: 'succeeded', status_code: 204, duration_ms: 12, error: null });
});
t.app.post('/v1/deliveries/:id/retry', (c) => {
  calls.push(`retry ${c.req.param('id')}`);
  deliveries[1]!.status = 'pending';
  return c.json({ ...deliveries[1], status: 'pending' });
});

let server: ServerType;
let url: string;
let browser: TestBrowser;
beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
  t.close();
});

describe('the dashboard panels', { timeout: 90_000 }, () => {
  it('show active watches with progress, subscriptions with deliveries, and send tests and retries', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${url}/`);
    await page.locator('#token').fill(ADMIN_TOKEN);
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#status[data-state="live"]').waitFor();

    const item = page.locator('#watches .watch[data-subject="lindo/site/wf-1"]');
    await item.waitFor();
    expect(await item.locator('.meta').last().textContent()).toContain('7 polls · no webhook yet');
    t.relay.recorder.write((w) =>
      w.observe({
        ...blankObservation({ provider: 'lindo', kind: 'site', resourceId: 'wf-1', status: 'running', providerStatus: 'running', observedVia: 'poll' }),
        phase: 'generating_pages',
        progress: { total: 8, complete: 3, running: 2, errored: 0 },
      }),
    );
    // The event refreshes the watch, whose bar now counts pages.
    await expect.poll(() => item.locator('progress').getAttribute('max'), POLL).toBe('8');
    expect(await item.locator('progress').getAttribute('value')).toBe('3');
    expect(await item.textContent()).toContain('3/8 pages');

    const sub = page.locator('#subscriptions .subscription[data-id="sub_1"]');
    await sub.waitFor();
    expect(await sub.locator('.delivery').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['succeeded', 'failed']);
    expect(await sub.locator('.delivery[data-status="failed"]').textContent()).toContain('HTTP 500');
    expect(await sub.locator('.delivery[data-status="succeeded"] button.retry').count()).toBe(0);

    await sub.locator('button.test').click();
    await expect.poll(() => sub.locator('.result').textContent(), POLL).toBe('test: succeeded · HTTP 204 · 12 ms');
    await sub.locator('.delivery[data-status="failed"] button.retry').click();
    await sub.locator('.delivery[data-status="pending"]').waitFor();
    expect(calls).toEqual(['test sub_1', 'retry dlv_1']);

    await page.screenshot({ path: 'test-results/dashboard-panels.png', fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
