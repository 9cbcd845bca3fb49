import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { utf8 } from '../../core/bytes';
import { sha256Hex } from '../../core/crypto';
import type { EventSignal, StateSignal } from '../../core/observation';
import { lindo } from './index';

const ctx = {
  config: loadConfig({ LINDO_WEBHOOK_TOKEN: 'lindo-hook-token-123' }),
  now: Date.parse('2026-05-18T12:05:00Z'),
};
const AT = '2026-05-18T12:05:00.000Z';

const req = (raw: string, query = '', headers: Record<string, string> = {}) => ({
  body: utf8(raw),
  headers: new Headers(headers),
  query: new URLSearchParams(query),
});
const parse = (body: unknown) => lindo.parseWebhook(req(JSON.stringify(body)), ctx);

async function state(body: unknown): Promise<StateSignal> {
  const { signals } = await parse(body);
  expect(signals).toHaveLength(1);
  expect(signals[0]!.signal).toBe('state');
  return signals[0] as StateSignal;
}
async function event(body: unknown): Promise<EventSignal> {
  const { signals } = await parse(body);
  expect(signals).toHaveLength(1);
  expect(signals[0]!.signal).toBe('event');
  return signals[0] as EventSignal;
}

describe('Lindo webhook normalization', () => {
  it('dedups on a hash of the exact raw body', async () => {
    const raw = '{"event":"client.created","timestamp":"2026-05-18T12:05:00.000Z","data":{"client_id":"c1"}}';
    const parsed = await lindo.parseWebhook(req(raw), ctx);
    expect(parsed.dedupKey).toBe(`lindo:${await sha256Hex(raw)}`);
    // The same JSON with other whitespace is another delivery.
    const spaced = await lindo.parseWebhook(req(raw.replace(':"c1"', ': "c1"')), ctx);
    expect(spaced.dedupKey).not.toBe(parsed.dedupKey);
  });

  it('workflow.website.completed -> site complete hint, by workflow id, website id as alias', async () => {
    const body = {
      event: 'workflow.website.completed',
      timestamp: AT,
      data: {
        website_id: 'web_1',
        business_name: 'Brookside',
        domain: 'brookside.lindo.site',
        preview_url: 'https://preview.lindo.ai/web_1',
        parent_workflow_id: 'rec_abc',
        completed_at: '2026-05-18T12:04:59.000Z',
      },
    };
    const s = await state(body);
    expect(s.hint).toBe(true);
    expect(s.aliases).toEqual(['web_1']);
    expect(s.observation).toMatchObject({
      provider: 'lindo',
      kind: 'site',
      resourceId: 'rec_abc',
      status: 'complete',
      providerStatus: 'complete',
      siteId: 'web_1',
      url: 'https://preview.lindo.ai/web_1',
      providerTime: '2026-05-18T12:04:59.000Z',
      observedVia: 'webhook',
      raw: body,
    });
  });

  it('workflow.website.completed without a workflow id uses the website id and the domain', async () => {
    const s = await state({
      event: 'workflow.website.completed',
      timestamp: AT,
      data: { website_id: 'web_2', domain: 'x.example' },
    });
    expect(s.aliases).toEqual([]);
    expect(s.observation).toMatchObject({ resourceId: 'web_2', url: 'https://x.example', providerTime: AT });
  });

  it('workflow.page.completed -> page complete, by workflow instance id, page id as alias', async () => {
    const s = await state({
      event: 'workflow.page.completed',
      timestamp: AT,
      data: {
        website_id: 'web_1',
        page_id: 'pg_1',
        page_path: '/about',
        page_name: 'About',
        is_blog: false,
        workflow_instance_id: 'wf_1',
      },
    });
    expect(s.hint).toBe(true);
    expect(s.aliases).toEqual(['pg_1']);
    expect(s.observation).toMatchObject({
      kind: 'page',
      resourceId: 'wf_1',
      status: 'complete',
      siteId: 'web_1',
      message: 'About',
      pages: [{ slug: null, path: '/about', status: 'complete', page_id: 'pg_1', error: null }],
    });
  });

  it.each([
    ['workflow.blog.completed', { is_blog: false }],
    ['workflow.blog.completed', {}],
    ['workflow.page.completed', { is_blog: true }],
  ])('%s %j -> blog', async (name, extra) => {
    const s = await state({ event: name, timestamp: AT, data: { page_id: 'pg_2', ...extra } });
    expect(s.observation).toMatchObject({ kind: 'blog', resourceId: 'pg_2', status: 'complete' });
    expect(s.aliases).toEqual([]);
  });

  it.each([
    ['client.created', { client_id: 'cl_1' }, 'lindo/client/cl_1'],
    ['client.deleted', { id: 'cl_2' }, 'lindo/client/cl_2'],
    ['website.created', { website_id: 'web_3' }, 'lindo/website/web_3'],
    ['website.deleted', {}, 'lindo/workspace'],
    ['something.new', { anything: 1 }, 'lindo/workspace'],
  ])('%s passes through as lindo.%s', async (name, data, subject) => {
    const body = { event: name, timestamp: AT, data };
    const e = await event(body);
    expect(e).toMatchObject({ type: `lindo.${name}`, subject, provider: 'lindo', time: AT });
    expect(e.data).toMatchObject({ provider: 'lindo', kind: null, status: null, observed_via: 'webhook', raw: body });
  });

  it('a body without data or timestamp is still taken', async () => {
    const e = await event({ event: 'client.created' });
    expect(e).toMatchObject({ type: 'lindo.client.created', subject: 'lindo/workspace', time: null });
  });
});

describe('Lindo bodies refused with 400', () => {
  it.each([
    ['not JSON', 'event=x', 'invalid_json'],
    ['an array', '[1]', 'invalid_request'],
  ])('%s', async (_n, raw, code) => {
    await expect(lindo.parseWebhook(req(raw), ctx)).rejects.toMatchObject({ code });
  });

  it.each([
    ['no event', { data: {} }, ['event']],
    ['a numeric event', { event: 5 }, ['event']],
    ['a bad timestamp', { event: 'client.created', timestamp: 'now' }, ['timestamp']],
    ['data as a list', { event: 'client.created', data: [] }, ['data']],
    ['a numeric website_id', { event: 'workflow.website.completed', data: { website_id: 5 } }, ['data', 'website_id']],
    ['no id at all', { event: 'workflow.website.completed', data: {} }, ['data', 'parent_workflow_id']],
    [
      'is_blog as text',
      { event: 'workflow.page.completed', data: { page_id: 'p', is_blog: 'yes' } },
      ['data', 'is_blog'],
    ],
    ['no page id', { event: 'workflow.page.completed', data: { website_id: 'w' } }, ['data', 'workflow_instance_id']],
    [
      'a bad completed_at',
      { event: 'workflow.blog.completed', data: { page_id: 'p', completed_at: 'later' } },
      ['data', 'completed_at'],
    ],
  ])('%s -> invalid_request naming the field', async (_n, body, path) => {
    const err = await parse(body).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_request' });
    expect((err as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(path);
  });
});
