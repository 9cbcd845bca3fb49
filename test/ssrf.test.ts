import { describe, expect, it } from 'vitest';
import { resolveHost } from '../src/runtime/node';
import { useTestRelay } from './helpers/relay';
import { deliveriesOf, getJson, sendWarpweb, subscribe, eventually } from './helpers/subscriptions';

// The relay's real resolver, except for names this test controls.
const fakeDns = new Map<string, string[]>();
const resolve = async (host: string) => fakeDns.get(host) ?? resolveHost(host);

const relay = useTestRelay(
  { SITEWIRE_ALLOW_PRIVATE_TARGETS: 'false', SITEWIRE_RETRY_SCHEDULE: '1h' },
  { resolveHost: resolve },
);

const create = (url: string) => relay.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ url }) });

describe('subscriber URLs with SITEWIRE_ALLOW_PRIVATE_TARGETS off', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', '127.0.0.1 is not a public address (loopback)'],
    ['http://[::1]/hook', '[::1] is not a public address (loopback)'],
    ['http://10.0.0.5/hook', '10.0.0.5 is not a public address (private)'],
    ['http://172.16.3.4/hook', '172.16.3.4 is not a public address (private)'],
    ['http://172.31.255.1/hook', '172.31.255.1 is not a public address (private)'],
    ['https://192.168.1.20/hook', '192.168.1.20 is not a public address (private)'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address (link-local)'],
    ['http://100.64.0.1/hook', '100.64.0.1 is not a public address (shared address space (CGNAT))'],
    ['http://0.0.0.0:9/hook', '0.0.0.0 is not a public address (unspecified)'],
    ['http://[::ffff:127.0.0.1]/hook', '[::ffff:7f00:1] is not a public address (IPv4-mapped)'],
    ['http://[fd00::1]/hook', '[fd00::1] is not a public address (unique local)'],
    ['http://2130706433/hook', '127.0.0.1 is not a public address (loopback)'],
    ['http://localhost:8787/hook', /^localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$/],
  ])('refuses %s', async (url, reason) => {
    const res = await create(url);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('forbidden_target');
    const detail = error.message.replace(/^Deliveries cannot go to this URL: (.*)\.$/, '$1');
    if (typeof reason === 'string') expect(detail).toBe(reason);
    else expect(detail).toMatch(reason);
  });

  it('refuses a hostile URL on PATCH too', async () => {
    fakeDns.set('hooks.public.example', ['93.184.216.34']);
    const sub = await subscribe(relay, { url: 'https://hooks.public.example/in' });
    const res = await relay.api(`/v1/subscriptions/${sub.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ url: 'http://192.168.0.1/' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('forbidden_target');
    expect((await getJson(relay, `/v1/subscriptions/${sub.id}`)).url).toBe('https://hooks.public.example/in');
    await relay.api(`/v1/subscriptions/${sub.id}`, { method: 'DELETE' });
  });

  it('checks again at every attempt: a name that starts resolving to loopback is not contacted', async () => {
    fakeDns.set('rebind.example', ['93.184.216.34']);
    const sub = await subscribe(relay, { url: 'http://rebind.example/hook' });
    fakeDns.set('rebind.example', ['93.184.216.34', '127.0.0.1']);
    await sendWarpweb(relay, 'site.complete', 'ssrf-1');

    await eventually(async () => (await deliveriesOf(relay, sub.id))[0]?.status).toBe('failed');
    const [d] = await deliveriesOf(relay, sub.id);
    expect(d!.attempts).toHaveLength(1);
    expect(d!.attempts[0]).toMatchObject({
      status_code: null,
      error: 'forbidden_target: rebind.example resolves to 127.0.0.1 (loopback)',
    });
    const test = await getJson(relay, `/v1/subscriptions/${sub.id}/test`, { method: 'POST' });
    expect(test).toMatchObject({
      delivered: false,
      attempt: { error: 'forbidden_target: rebind.example resolves to 127.0.0.1 (loopback)' },
    });
  });

  it('accepts a host that does not resolve yet (it is checked before each attempt)', async () => {
    const res = await create('https://not-yet.invalid/hook');
    expect(res.status).toBe(201);
  });
});
