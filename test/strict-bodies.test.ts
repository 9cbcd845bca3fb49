/**
 * Request bodies refuse keys they do not know (as subscriptions and stream
 * tokens always did): a misspelt option must fail loudly, never fall back to
 * a default the client did not ask for.
 */
import { describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { subscribe } from './helpers/subscriptions';

const relay = useTestRelay({
  WARPWEB_API_KEY: 'wwk_never_used_0000000000000000000000000000',
  WARPWEB_API_URL: 'http://127.0.0.1:9',
});

const post = async (path: string, body: unknown) => {
  const res = await relay.api(path, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

describe('unknown keys', () => {
  it('in a watch request are 400 invalid_request, and no watch is made', async () => {
    const r = await post('/v1/watches', { provider: 'warpweb', id: 'strict-1', kinds: 'site', deadline: 60 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.issues[0].message).toMatch(/kinds.+deadline|deadline.+kinds/);
    expect((await (await relay.api('/v1/watches')).json()).data).toEqual([]);
  });

  it('in a replay request are 400, and a missing since says what it takes', async () => {
    const sub = await subscribe(relay, { url: 'http://127.0.0.1:9/in' });
    expect((await post(`/v1/subscriptions/${sub.id}/replay`, { since: 0, types: ['site.*'] })).status).toBe(400);
    const missing = await post(`/v1/subscriptions/${sub.id}/replay`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues).toEqual([
      { path: ['since'], message: 'expected an event sequence (a whole number from 0) or an ISO time' },
    ]);
    expect(await post(`/v1/subscriptions/${sub.id}/replay`, { since: 0 })).toEqual({
      status: 202,
      body: { queued: 0 },
    });
  });
});
