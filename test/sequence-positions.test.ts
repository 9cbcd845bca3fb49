/**
 * Sequences are shown as 20-digit zero-padded strings (event JSON, SSE ids,
 * next_after, last_sequence, deliveries) and every position input takes them
 * padded or not (docs/events.md#the-event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app';
import { LINDO_TOKEN } from './helpers/relay';

const pad = (n: number) => String(n).padStart(20, '0');

let t: ReturnType<typeof createTestApp>;
beforeAll(async () => {
  t = createTestApp();
  for (const n of [1, 2, 3]) {
    const body = JSON.stringify({ event: 'client.created', data: { client_id: `seq-${n}` } });
    const res = await t.app.request(`/ingest/lindo?token=${LINDO_TOKEN}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
  }
});
afterAll(() => t.close());

const page = async (query: string) =>
  (await (await t.admin(`/v1/events?${query}`)).json()) as {
    data: { sequence: string }[];
    next_after: string;
    last_sequence: string;
  };

/** The SSE ids a stream sends first, read off the in-process response. */
async function streamIds(path: string, headers: Record<string, string>, count: number): Promise<string[]> {
  const res = await t.admin(path, { headers });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const ids = () => [...text.matchAll(/^id: (.*)$/gm)].map((m) => m[1]!);
  while (ids().length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return ids();
}

describe('event sequences', () => {
  it('are 20-digit strings in events, next_after and last_sequence, ordered as strings', async () => {
    const all = await page('');
    expect(all.data.map((e) => e.sequence)).toEqual([pad(1), pad(2), pad(3)]);
    expect([...all.data.map((e) => e.sequence)].sort()).toEqual(all.data.map((e) => e.sequence));
    expect(all.next_after).toBe(pad(3));
    expect(all.last_sequence).toBe(pad(3));
  });

  it('are taken padded or not by after=', async () => {
    expect((await page('after=2')).data.map((e) => e.sequence)).toEqual([pad(3)]);
    expect((await page(`after=${pad(2)}`)).data.map((e) => e.sequence)).toEqual([pad(3)]);
    expect((await page(`after=${pad(3)}`)).next_after).toBe(pad(3));
  });

  it('are the SSE ids, and Last-Event-ID / last_event_id take them padded or not', async () => {
    const types = 'types=lindo.client.created';
    expect(await streamIds(`/v1/stream?${types}`, { 'last-event-id': '1' }, 2)).toEqual([pad(2), pad(3)]);
    expect(await streamIds(`/v1/stream?${types}`, { 'last-event-id': pad(1) }, 2)).toEqual([pad(2), pad(3)]);
    expect(await streamIds(`/v1/stream?${types}&last_event_id=${pad(2)}`, {}, 1)).toEqual([pad(3)]);
  });

  it('are taken padded by a replay, and shown padded on its deliveries', async () => {
    const created = await t.admin('/v1/subscriptions', {
      method: 'POST',
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', types: ['lindo.client.created'] }),
      headers: { 'content-type': 'application/json' },
    });
    const sub = (await created.json()) as { id: string };
    const replay = await t.admin(`/v1/subscriptions/${sub.id}/replay`, {
      method: 'POST',
      body: JSON.stringify({ since: pad(2) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await replay.json()).toEqual({ queued: 2 });
    const log = (await (await t.admin(`/v1/subscriptions/${sub.id}/deliveries`)).json()) as {
      data: { event_sequence: string }[];
    };
    expect(log.data.map((d) => d.event_sequence).sort()).toEqual([pad(2), pad(3)]);
  });
});
