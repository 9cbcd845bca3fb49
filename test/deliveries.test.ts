import { describe, expect, it } from 'vitest';
import { useTestRelay } from './helpers/relay';
import { verifyDelivery, type Sink } from './helpers/sink';
import {
  deliveriesOf,
  getJson,
  sendForm,
  sendLindoClient,
  sendWarpweb,
  subscribe,
  eventually,
  useSinks,
} from './helpers/subscriptions';

const relay = useTestRelay({ SITEWIRE_RETRY_SCHEDULE: '50ms,100ms' });
const sink = useSinks(relay);

describe('subscriber webhooks', () => {
  it('deliver every matching event to every subscription, signed, with filters respected', async () => {
    const [all, sites, lindo, siteB] = await Promise.all([sink(), sink(), sink(), sink()]);
    const subs = {
      all: await subscribe(relay, { url: all.url }),
      sites: await subscribe(relay, { url: sites.url, types: ['site.*'] }),
      lindo: await subscribe(relay, { url: lindo.url, providers: ['lindo'] }),
      siteB: await subscribe(relay, {
        url: siteB.url,
        resources: ['warpweb/site/filter-B'],
        types: ['form.*', 'site.complete'],
      }),
    };
    const completeA = await sendWarpweb(relay, 'site.complete', 'filter-A');
    const formB = await sendForm(relay, 'filter-B', 'Ada');
    await sendLindoClient(relay, 'client-1');
    const completeB = await sendWarpweb(relay, 'site.complete', 'filter-B');
    const lindoEvent = (await getJson(relay, '/v1/events?types=lindo.*')).data[0].id;

    const expected = new Map<Sink, string[]>([
      [all, [...completeA, ...formB, lindoEvent, ...completeB]],
      [sites, [...completeA, ...completeB]],
      [lindo, [lindoEvent]],
      [siteB, [...formB, ...completeB]],
    ]);
    for (const [s, ids] of expected) await eventually(() => s.received.length).toBe(ids.length);
    // Nothing more arrives (the unmatched events were never queued).
    const queued = await Promise.all(Object.values(subs).map((s) => deliveriesOf(relay, s.id)));
    expect(queued.map((d) => d.length)).toEqual([4, 2, 1, 2]);

    const secretOf = new Map<Sink, string>([
      [all, subs.all.secret],
      [sites, subs.sites.secret],
      [lindo, subs.lindo.secret],
      [siteB, subs.siteB.secret],
    ]);
    for (const [s, ids] of expected) {
      expect(s.received.map((r) => r.headers['webhook-id']).sort()).toEqual([...ids].sort());
      for (const r of s.received) {
        const event = verifyDelivery(secretOf.get(s)!, r) as { id: string; specversion: string };
        expect(event.id).toBe(r.headers['webhook-id']);
        expect(event.specversion).toBe('1.0');
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers['user-agent']).toMatch(/^sitewire\/\d+\.\d+\.\d+/);
        // The body is the stored event, byte for byte.
        expect(r.body).toBe(JSON.stringify(await getJson(relay, `/v1/events/${event.id}`)));
      }
    }
  });

  it('retry 500, 500, 200 and deliver on the third attempt, with every attempt logged', async () => {
    const s = await sink((_r, i) => (i < 2 ? { status: 500, body: `nope ${i}` } : { status: 200, body: 'ok' }));
    const sub = await subscribe(relay, { url: s.url });
    const [eventId] = await sendWarpweb(relay, 'site.complete', 'retry-1');

    await eventually(async () => (await deliveriesOf(relay, sub.id))[0]?.status).toBe('succeeded');
    const [d] = await deliveriesOf(relay, sub.id);
    expect(d!.event_id).toBe(eventId);
    expect(d!.attempt_count).toBe(3);
    expect(d!.attempts.map((a) => [a.attempt, a.status_code, a.error, a.response_excerpt])).toEqual([
      [1, 500, 'HTTP 500', 'nope 0'],
      [2, 500, 'HTTP 500', 'nope 1'],
      [3, 200, null, 'ok'],
    ]);
    // The same webhook-id on every attempt; each one verifies.
    expect(new Set(s.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
    for (const r of s.received) verifyDelivery(sub.secret, r);
    expect(await deliveriesOf(relay, sub.id, 'succeeded')).toHaveLength(1);
    expect(await deliveriesOf(relay, sub.id, 'dead')).toHaveLength(0);
  });

  it('bound the response excerpt to 1 KiB', async () => {
    const s = await sink(() => ({ status: 200, body: 'é'.repeat(4000) }));
    const sub = await subscribe(relay, { url: s.url });
    await sendWarpweb(relay, 'site.complete', 'excerpt-1');
    await eventually(async () => (await deliveriesOf(relay, sub.id))[0]?.status).toBe('succeeded');
    const excerpt = (await deliveriesOf(relay, sub.id))[0]!.attempts[0]!.response_excerpt!;
    expect(excerpt).toBe('é'.repeat(512));
  });

  it('disable the subscription at once on 410 and stop queueing for it', async () => {
    const s = await sink(() => ({ status: 410 }));
    const sub = await subscribe(relay, { url: s.url });
    await sendWarpweb(relay, 'site.complete', 'gone-1');

    await eventually(async () => (await getJson(relay, `/v1/subscriptions/${sub.id}`)).enabled).toBe(false);
    const after = await getJson(relay, `/v1/subscriptions/${sub.id}`);
    expect(after.disabled_reason).toBe('the receiver answered 410 Gone');
    const [d] = await deliveriesOf(relay, sub.id);
    expect(d!.status).toBe('dead');
    expect(d!.attempts).toHaveLength(1);
    expect(d!.last_error).toBe('HTTP 410; subscription disabled: the receiver answered 410 Gone');

    await sendWarpweb(relay, 'site.complete', 'gone-2');
    expect(await deliveriesOf(relay, sub.id)).toHaveLength(1);
    expect(s.received).toHaveLength(1);

    // Enabling it again clears the reason; new events flow.
    s.respond(() => ({ status: 200 }));
    const enabled = await getJson(relay, `/v1/subscriptions/${sub.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: true }),
    });
    expect(enabled).toMatchObject({ enabled: true, disabled_reason: null });
    await sendWarpweb(relay, 'site.complete', 'gone-3');
    await eventually(() => s.received.length).toBe(2);
  });

  it('give up after the schedule (dead), then deliver on a manual retry and on replays', async () => {
    const s = await sink(() => ({ status: 503 }));
    const sub = await subscribe(relay, { url: s.url, resources: ['warpweb/site/dead-1'] });
    const [first] = await sendWarpweb(relay, 'site.complete', 'dead-1');

    await eventually(async () => (await deliveriesOf(relay, sub.id))[0]?.status).toBe('dead');
    const [dead] = await deliveriesOf(relay, sub.id, 'dead');
    expect(dead!.attempts.map((a) => a.status_code)).toEqual([503, 503, 503]);
    expect(dead!.last_error).toBe('HTTP 503');
    expect(s.received).toHaveLength(3);

    s.respond(() => ({ status: 200 }));
    const retried = await relay.api(`/v1/deliveries/${dead!.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    expect((await retried.json()).status).toBe('pending');
    await eventually(async () => (await deliveriesOf(relay, sub.id))[0]?.status).toBe('succeeded');
    const [done] = await deliveriesOf(relay, sub.id);
    expect(done!.attempts.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 200],
    ]);

    // Replay by sequence and by time: new deliveries of the same event, same webhook-id.
    const seq = (await getJson(relay, `/v1/events/${first}`)).sequence;
    const bySeq = await relay.api(`/v1/subscriptions/${sub.id}/replay`, {
      method: 'POST',
      body: JSON.stringify({ since: Number(seq) }),
    });
    expect(bySeq.status).toBe(202);
    expect(await bySeq.json()).toEqual({ queued: 1 });
    await eventually(() => s.received.length).toBe(5);
    const since = new Date(Date.now() - 60_000).toISOString();
    expect(
      await getJson(relay, `/v1/subscriptions/${sub.id}/replay`, { method: 'POST', body: JSON.stringify({ since }) }),
    ).toEqual({ queued: 1 });
    await eventually(() => s.received.length).toBe(6);
    expect(s.received.slice(3).map((r) => r.headers['webhook-id'])).toEqual([first, first, first]);
    expect(await deliveriesOf(relay, sub.id, 'succeeded')).toHaveLength(3);
  });

  it('send a test event on demand and answer with the attempt', async () => {
    const s = await sink(() => ({ status: 202, body: 'thanks' }));
    const sub = await subscribe(relay, { url: s.url });
    const result = await getJson(relay, `/v1/subscriptions/${sub.id}/test`, { method: 'POST' });
    expect(result).toMatchObject({
      delivered: true,
      attempt: { attempt: 1, status_code: 202, error: null, response_excerpt: 'thanks' },
    });
    expect(s.received).toHaveLength(1);
    const event = verifyDelivery(sub.secret, s.received[0]!) as Record<string, unknown>;
    expect(event).toMatchObject({
      id: result.event_id,
      type: 'sitewire.test',
      source: 'sitewire/sitewire',
      sequence: '00000000000000000000',
    });
    // Not stored: neither in the event log nor in the delivery log.
    expect((await relay.api(`/v1/events/${result.event_id}`)).status).toBe(404);
    expect(await deliveriesOf(relay, sub.id)).toHaveLength(0);

    s.respond(() => ({ status: 500 }));
    expect(await getJson(relay, `/v1/subscriptions/${sub.id}/test`, { method: 'POST' })).toMatchObject({
      delivered: false,
      attempt: { status_code: 500, error: 'HTTP 500' },
    });
  });

  it('do not follow redirects', async () => {
    const target = await sink(() => ({ status: 200 }));
    const s = await sink(() => ({ status: 302, headers: { location: target.url } }));
    const sub = await subscribe(relay, { url: s.url });
    const result = await getJson(relay, `/v1/subscriptions/${sub.id}/test`, { method: 'POST' });
    expect(result).toMatchObject({ delivered: false, attempt: { status_code: 302, error: 'HTTP 302' } });
    expect(target.received).toHaveLength(0);
  });

  it('manage subscriptions: list, get, patch, delete, unknown ids and bad bodies', async () => {
    const s = await sink();
    const created = await subscribe(relay, { url: s.url, types: ['site.*'], description: 'CRM' });
    expect(created).toMatchObject({
      url: s.url,
      types: ['site.*'],
      providers: [],
      resources: [],
      description: 'CRM',
      enabled: true,
      disabled_reason: null,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await getJson(relay, '/v1/subscriptions')).data.map((x: { id: string }) => x.id)).toEqual([created.id]);
    const patched = await getJson(relay, `/v1/subscriptions/${created.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ types: ['form.submitted'], enabled: false }),
    });
    expect(patched).toMatchObject({
      types: ['form.submitted'],
      enabled: false,
      disabled_reason: 'disabled through the API',
      description: 'CRM',
    });

    const own = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    expect((await subscribe(relay, { url: s.url, secret: own })).secret).toBe(own);

    const bad = async (method: string, path: string, body?: unknown) => {
      const res = await relay.api(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      return [res.status, (await res.json()).error.code];
    };
    expect(await bad('GET', '/v1/subscriptions/sub_nope')).toEqual([404, 'not_found']);
    expect(await bad('PATCH', '/v1/subscriptions/sub_nope', { enabled: true })).toEqual([404, 'not_found']);
    expect(await bad('DELETE', '/v1/subscriptions/sub_nope')).toEqual([404, 'not_found']);
    expect(await bad('POST', '/v1/subscriptions/sub_nope/rotate-secret')).toEqual([404, 'not_found']);
    expect(await bad('POST', '/v1/subscriptions/sub_nope/test')).toEqual([404, 'not_found']);
    expect(await bad('POST', '/v1/subscriptions/sub_nope/replay', { since: 1 })).toEqual([404, 'not_found']);
    expect(await bad('GET', '/v1/subscriptions/sub_nope/deliveries')).toEqual([404, 'not_found']);
    expect(await bad('POST', '/v1/deliveries/dlv_nope/retry')).toEqual([404, 'not_found']);
    expect(await bad('POST', '/v1/subscriptions', { url: 'ftp://x.example/' })).toEqual([400, 'invalid_request']);
    expect(await bad('POST', '/v1/subscriptions', { url: s.url, secret: 'whsec_short' })).toEqual([
      400,
      'invalid_request',
    ]);
    expect(await bad('POST', '/v1/subscriptions', { url: s.url, types: ['si*te'] })).toEqual([400, 'invalid_request']);
    expect(await bad('POST', '/v1/subscriptions', { url: s.url, colour: 'red' })).toEqual([400, 'invalid_request']);
    expect(await bad('PATCH', `/v1/subscriptions/${created.id}`, { secret: own })).toEqual([400, 'invalid_request']);
    expect(await bad('POST', `/v1/subscriptions/${created.id}/replay`, { since: 'yesterday' })).toEqual([
      400,
      'invalid_request',
    ]);
    expect(await bad('GET', `/v1/subscriptions/${created.id}/deliveries?status=lost`)).toEqual([
      400,
      'invalid_request',
    ]);

    expect((await relay.api(`/v1/subscriptions/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await bad('GET', `/v1/subscriptions/${created.id}`)).toEqual([404, 'not_found']);
  });
});
