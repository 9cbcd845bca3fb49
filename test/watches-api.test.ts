import { describe, expect, it } from 'vitest';
import { useProviders } from './helpers/providers';
import { startTestRelay } from './helpers/relay';
import { useVirtualProviders } from './helpers/virtual-providers';

// Long intervals: these tests look at the API, not at polling.
const p = useProviders({ SITEWIRE_POLL_INTERVAL_MS: '60000', SITEWIRE_POLL_SAFETY_MS: '60000' });

const post = (body: unknown) => p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify(body) });

describe('POST /v1/watches', () => {
  it('201 for a new watch with every field; 200 with the same watch for the same provider+kind+id', async () => {
    const id = p.warpweb.addSite({ durationMs: 600_000, drop: true });
    const res = await post({ provider: 'warpweb', id, deadline_s: 120, metadata: { customer: 'c-42' } });
    expect(res.status).toBe(201);
    const watch = await res.json();
    expect(Object.keys(watch).sort()).toEqual(
      [
        'created_at',
        'deadline_at',
        'id',
        'kind',
        'last_error',
        'last_polled_at',
        'message',
        'metadata',
        'next_poll_at',
        'origin',
        'phase',
        'polls',
        'progress',
        'provider',
        'resource_id',
        'state',
        'status',
        'subject',
        'updated_at',
        'url',
        'webhook_seen',
      ].sort(),
    );
    expect(watch).toMatchObject({
      provider: 'warpweb',
      kind: 'site',
      resource_id: id,
      subject: `warpweb/site/${id}`,
      state: 'active',
      origin: 'api',
      metadata: { customer: 'c-42' },
      webhook_seen: false,
    });
    expect(Date.parse(watch.deadline_at) - Date.parse(watch.created_at)).toBe(120_000);

    const again = await post({ provider: 'warpweb', id, kind: 'site' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(watch.id);
    expect((await p.relay.api(`/v1/watches/${watch.id}`)).status).toBe(200);
  });

  it.each([
    ['an unknown provider', { provider: 'wix', id: 'x' }, 400, 'invalid_request'],
    ['a kind the provider cannot poll', { provider: 'warpweb', id: 'x', kind: 'revision' }, 400, 'invalid_request'],
    ['an unknown kind', { provider: 'lindo', id: 'x', kind: 'app' }, 400, 'invalid_request'],
    ['an id with a slash', { provider: 'lindo', id: 'a/b' }, 400, 'invalid_request'],
    ['no id', { provider: 'lindo' }, 400, 'invalid_request'],
    ['a zero deadline', { provider: 'lindo', id: 'x', deadline_s: 0 }, 400, 'invalid_request'],
    ['metadata that is not an object', { provider: 'lindo', id: 'x', metadata: [1] }, 400, 'invalid_request'],
  ])('refuses %s', async (_n, body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('503 not_configured when the provider has no API key', async () => {
    const bare = await startTestRelay();
    try {
      const res = await bare.api('/v1/watches', {
        method: 'POST',
        body: JSON.stringify({ provider: 'warpweb', id: 'site-1' }),
      });
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatchObject({
        code: 'not_configured',
        message: expect.stringContaining('WARPWEB_API_KEY'),
      });
    } finally {
      await bare.stop();
    }
  });
});

describe('GET and DELETE /v1/watches', () => {
  it('lists with state and provider filters and a cursor, oldest first', async () => {
    const ids = ['lw-1', 'lw-2', 'lw-3'].map((id) => p.lindo.addWorkflow({ id, kind: 'page', durationMs: 600_000 }));
    for (const id of ids) expect((await post({ provider: 'lindo', id, kind: 'page' })).status).toBe(201);

    const first = await (await p.relay.api('/v1/watches?provider=lindo&state=active&limit=2')).json();
    expect(first.data.map((w: { resource_id: string }) => w.resource_id)).toEqual(['lw-1', 'lw-2']);
    expect(first.next_cursor).toBe(first.data[1].id);
    const second = await (
      await p.relay.api(`/v1/watches?provider=lindo&state=active&limit=2&cursor=${first.next_cursor}`)
    ).json();
    expect(second).toEqual({ data: [expect.objectContaining({ resource_id: 'lw-3' })], next_cursor: null });
    expect((await (await p.relay.api('/v1/watches?state=expired')).json()).data).toEqual([]);
    expect((await p.relay.api('/v1/watches?state=bogus')).status).toBe(400);
  });

  it('DELETE stops polling: 204, then 404', async () => {
    const id = p.lindo.addWorkflow({ kind: 'blog', durationMs: 600_000 });
    const watch = await (await post({ provider: 'lindo', id, kind: 'blog' })).json();
    expect((await p.relay.api(`/v1/watches/${watch.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await p.relay.api(`/v1/watches/${watch.id}`)).status).toBe(404);
    expect((await p.relay.api(`/v1/watches/${watch.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('deadline', () => {
  // On the test's clock: the deadline passes when the test moves time past it.
  const v = useVirtualProviders({ SITEWIRE_POLL_INTERVAL_MS: '60000', SITEWIRE_POLL_SAFETY_MS: '60000' });
  const post = (body: unknown) => v.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify(body) });

  it('a watch with no terminal state by its deadline ends with watch.expired; asking again re-arms it', async () => {
    const id = v.warpweb.addSite({ durationMs: 600_000, drop: true });
    const watch = await (await post({ provider: 'warpweb', id, deadline_s: 1 })).json();
    const subject = `warpweb/site/${id}`;
    expect((await v.settle(subject, 5000))?.state).toBe('expired');
    const events = await v.eventsOf(subject);
    expect(events.map((e) => e.type)).toContain('watch.expired');
    expect(events.find((e) => e.type === 'watch.expired')!.data).toMatchObject({
      watch_id: watch.id,
      error: { code: 'deadline_exceeded' },
      observed_via: 'relay',
      site_id: id,
    });

    const again = await post({ provider: 'warpweb', id, deadline_s: 60 });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: watch.id, state: 'active' });
  });
});
