import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { interpretBatchResponse } from '../batch-response';
import { lindoBatch } from './batch';
import { lindoStatus } from './client';

const A = 'rec_aaaaaaaaaaaa';
const B = 'rec_bbbbbbbbbbbb';
const C = 'rec_cccccccccccc';
const running = (id: string, idName = 'record_id', extra: Record<string, unknown> = {}) => ({
  done: false,
  status: 'running',
  [idName]: id,
  message: 'Working on your page.',
  poll_after_ms: 2000,
  ...extra,
});
const complete = (id: string) => ({
  done: true,
  status: 'complete',
  record_id: id,
  message: 'Your page is ready.',
  result: { website_id: 'web_1', page_id: 'pg_1', slug: 'about', path: '/about' },
});
const notFound = (id: string) => ({ record_id: id, done: true, status: 'not_found', message: 'Workflow not found' });
const answer = (items: unknown[], extra: Record<string, unknown> = {}) => ({
  success: true,
  done: false,
  status: 'running',
  summary: { total: items.length },
  items,
  ...extra,
});
const kinds = (m: Map<string, { kind: string }> | null) =>
  m ? Object.fromEntries([...m].map(([k, v]) => [k, v.kind])) : null;

describe('Lindo batch answer -> one item per asked id', () => {
  it.each([
    ['flat', answer([running(A), complete(B), notFound(C)])],
    ['nested under result', { success: true, result: answer([running(A), complete(B), notFound(C)]) }],
    [
      'items nested, other id names',
      answer([{ result: running(A, 'workflow_id') }, { success: true, result: complete(B) }, notFound(C)]),
    ],
    ['instance_id beside a nested item', answer([{ instance_id: A, result: running(A) }, complete(B), notFound(C)])],
  ])('%s: readings as the single answer reads them, unknown ids not_found', (_n, body) => {
    const items = lindoBatch.read('page', [A, B, C], body)!;
    expect(kinds(items)).toEqual({ [A]: 'reading', [B]: 'reading', [C]: 'not_found' });
    const b = items.get(B)!;
    // Exactly what the GET's reader makes of the same status object (raw is the item as sent).
    const single = lindoStatus.read('page', B, complete(B))!;
    expect(b.kind === 'reading' && { ...b.reading, observation: { ...b.reading.observation, raw: null } }).toEqual({
      ...single,
      observation: { ...single.observation, raw: null },
    });
    const a = items.get(A)!;
    expect(a.kind === 'reading' && a.reading.observation).toMatchObject({ status: 'running', resourceId: A });
    expect(a.kind === 'reading' && a.reading.pollAfterMs).toBe(2000);
    expect(items.get(C)).toEqual({ kind: 'not_found', message: 'Workflow not found' });
  });

  it('leaves out what the answer leaves out, ignores ids it was not asked about and repeats', () => {
    const items = lindoBatch.read(
      'page',
      [A, B],
      answer([running(A), running(C), running(A, 'record_id', { message: 'x' })]),
    );
    expect([...items!.keys()]).toEqual([A]);
    expect(items!.get(A)!.kind === 'reading' && items!.get(A)!).toMatchObject({
      reading: { observation: { message: 'Working on your page.' } },
    });
  });

  it("the batch's poll_after_ms stands for running items that give none; never for finished ones", () => {
    const items = lindoBatch.read(
      'page',
      [A, B],
      answer([running(A, 'record_id', { poll_after_ms: undefined }), complete(B)], { poll_after_ms: 7000 }),
    )!;
    expect(items.get(A)).toMatchObject({ kind: 'reading', reading: { pollAfterMs: 7000 } });
    expect(items.get(B)).toMatchObject({ kind: 'reading', reading: { pollAfterMs: null } });
  });

  it('an item it cannot read is unreadable (a fault for that watch alone)', () => {
    const items = lindoBatch.read('page', [A, B], answer([{ record_id: A, status: 'exploded' }, complete(B)]))!;
    expect(kinds(items)).toEqual({ [A]: 'unreadable', [B]: 'reading' });
  });

  it.each([
    ['not an object', 'nope'],
    ['success false', { success: false, items: [] }],
    ['no items', { success: true, done: true }],
    ['items not a list', { success: true, items: {} }],
  ])('not a batch answer (%s): null', (_n, body) => {
    expect(lindoBatch.read('page', [A], body)).toBeNull();
  });

  it('the request: POST to the kind, record_ids, the key; no endpoint for edits', async () => {
    const config = loadConfig({
      LINDO_API_URL: 'https://lindo.example',
      SITEWIRE_ADMIN_TOKEN: 'admin-token-0123456789',
    });
    const req = lindoBatch.request('site', [A, B], config, 'lindo_sk_key');
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://lindo.example/v1/ai/workspace/website/status/batch');
    expect(req.headers.get('authorization')).toBe('Bearer lindo_sk_key');
    expect(await req.json()).toEqual({ record_ids: [A, B] });
    expect(lindoBatch.request('blog', [A], config, 'k').url).toMatch(/\/blog\/status\/batch$/);
    expect(lindoBatch.kinds).not.toContain('revision');
    expect(() => lindoBatch.request('revision', [A], config, 'k')).toThrow();
  });
});

describe('batch HTTP answer -> outcome', () => {
  const api = { ...lindoStatus, batch: lindoBatch };
  const outcome = (res: Response) =>
    interpretBatchResponse(api, 'page', [A, B], res, Date.parse('2026-05-17T14:00:00Z'));

  it.each([400, 404, 405, 501])('%i: the endpoint is not there (poll one by one)', async (status) => {
    expect(await outcome(Response.json({ error: 'nope' }, { status }))).toEqual({ kind: 'unsupported', status });
  });

  it('429, 401/403, 5xx mean what they mean for one GET', async () => {
    expect(await outcome(Response.json({}, { status: 429, headers: { 'retry-after': '3' } }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 3000,
    });
    expect(await outcome(Response.json({ error: 'Unauthorized' }, { status: 401 }))).toMatchObject({ kind: 'refused' });
    expect(await outcome(Response.json({}, { status: 503 }))).toMatchObject({ kind: 'transient' });
  });

  it('HTML, truncated JSON or the wrong shape: transient', async () => {
    const html = new Response('<html></html>', { headers: { 'content-type': 'text/html' } });
    expect(await outcome(html)).toMatchObject({ kind: 'transient' });
    expect(await outcome(new Response('{"success":true,"ite'))).toMatchObject({ kind: 'transient' });
    expect(await outcome(Response.json({ data: [] }))).toMatchObject({ kind: 'transient' });
  });

  it('a 200 batch answer: its items', async () => {
    const r = await outcome(Response.json(answer([running(A), notFound(B)])));
    expect(r.kind === 'items' && kinds(r.items)).toEqual({ [A]: 'reading', [B]: 'not_found' });
  });
});
