/**
 * Subscription API details a client relies on (docs/api.md#subscriptions): URLs a delivery can
 * actually be made to, and pages whose next_cursor means there is more.
 */
import { describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { getJson, subscribe } from './helpers/subscriptions';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const relay = useTestRelay();

describe('subscription URLs', () => {
  it('refuse user:password, on create and on PATCH (no delivery could be made to them)', async () => {
    const create = await relay.api('/v1/subscriptions', {
      method: 'POST',
      body: JSON.stringify({ url: 'https://user:pw@hooks.example.com/in' }),
    });
    expect(create.status).toBe(400);
    expect((await create.json()).error).toMatchObject({ code: 'invalid_request', issues: [{ path: ['url'] }] });
    const sub = await subscribe(relay, { url: 'http://127.0.0.1:9/in' });
    const patch = await relay.api(`/v1/subscriptions/${sub.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ url: 'http://token@127.0.0.1:9/in' }),
    });
    expect(patch.status).toBe(400);
    expect((await getJson(relay, `/v1/subscriptions/${sub.id}`)).url).toBe('http://127.0.0.1:9/in');
    for (const url of ['', 'not a url', '9999-99-99T99:99:99Z']) {
      const res = await relay.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url }) });
      expect(res.status, url).toBe(400);
      expect((await res.json()).error.issues).toEqual([{ path: ['url'], message: 'expected an http(s) URL' }]);
    }
  });
});

describe('subscription secrets', () => {
  it('are always whsec_ + base64: a bare base64 key of the right size is taken with the prefix added', async () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    expect((await subscribe(relay, { url: 'http://127.0.0.1:9/s', secret: key })).secret).toBe(`whsec_${key}`);
    expect((await subscribe(relay, { url: 'http://127.0.0.1:9/s', secret: `whsec_${key}` })).secret).toBe(
      `whsec_${key}`,
    );
  });
});

describe('paged lists', () => {
  it('give a next_cursor only when another page has items', async () => {
    const list = (q: string) => getJson(relay, `/v1/subscriptions${q}`);
    const all = (await list('?limit=500')).data.length;
    await subscribe(relay, { url: 'http://127.0.0.1:9/a', resources: ['warpweb/site/paged'] });
    await subscribe(relay, { url: 'http://127.0.0.1:9/b', resources: ['warpweb/site/paged'] });
    const total = all + 2;
    const full = await list(`?limit=${total}`);
    expect(full.data).toHaveLength(total);
    expect(full.next_cursor).toBeNull();
    const first = await list(`?limit=${total - 1}`);
    expect(first.next_cursor).toBe(first.data.at(-1).id);
    const rest = await list(`?limit=${total - 1}&cursor=${first.next_cursor}`);
    expect(rest.data).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();
  });

  it('of deliveries too', async () => {
    const sub = await subscribe(relay, { url: 'http://127.0.0.1:9/c', resources: ['warpweb/site/paged-deliveries'] });
    for (let i = 0; i < 2; i++) await postWarpweb(relay.url, warpwebEnvelope('form.submit', 'paged-deliveries'));
    const page = (q: string) => getJson(relay, `/v1/subscriptions/${sub.id}/deliveries${q}`);
    await expect.poll(async () => (await page('')).data.length).toBe(2);
    expect((await page('?limit=2')).next_cursor).toBeNull();
    const first = await page('?limit=1');
    expect(first.next_cursor).toBe(first.data[0].id);
    expect((await page(`?limit=1&cursor=${first.next_cursor}`)).next_cursor).toBeNull();
  });
});
