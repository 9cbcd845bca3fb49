/**
 * Nothing a client sends to the management API produces a 5xx (docs/api.md#errors): a
 * seeded batch of bodies and query strings of the wrong types, huge values,
 * unicode, nulls and odd Content-Types, against every /v1 route with real and
 * made-up ids. Every refusal has the error shape of docs/api.md#errors.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from './helpers/random';
import { useTestRelay } from './helpers/relay';
import { subscribe } from './helpers/subscriptions';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const SEED = 20261123;
const CASES = 400;

// Polls and deliveries go nowhere: the batch is about the API's answers.
const relay = useTestRelay({
  WARPWEB_API_KEY: 'wwk_fuzz_0000000000000000000000000000000000',
  WARPWEB_API_URL: 'http://127.0.0.1:9',
});

const BIG = 'x'.repeat(5000);
const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  '',
  ' ',
  'ü\u0000\ud800',
  '😀'.repeat(100),
  BIG,
  [],
  [null],
  [1, 2],
  ['site.*'],
  {},
  { a: { b: { c: 1 } } },
  'http://127.0.0.1:1/x',
  'https://user:pw@example.com/',
  'not a url',
  'warpweb',
  'lindo',
  'site',
  '2026-01-01T00:00:00Z',
  '9999-99-99T99:99:99Z',
  '1e3',
  'NaN',
  '__proto__',
  { constructor: 1 },
];
const KEYS = [
  'provider',
  'id',
  'kind',
  'deadline_s',
  'metadata',
  'url',
  'types',
  'providers',
  'resources',
  'description',
  'secret',
  'enabled',
  'since',
  'ttl_s',
  '__proto__',
];
const QUERY_KEYS = [
  'after',
  'limit',
  'types',
  'providers',
  'resources',
  'state',
  'provider',
  'kind',
  'cursor',
  'status',
  'last_event_id',
];
const QUERY_VALUES = [
  '',
  'x',
  '-1',
  '0',
  '1',
  '99999999999999999999',
  '%',
  '😀',
  'a,b,'.repeat(100),
  'site.*',
  'active',
  'dead',
  '1.5',
  BIG,
];
const TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
];

function body(rng: Random): string {
  const r = rng.next();
  if (r < 0.05) return '';
  if (r < 0.1) return '{"a":';
  if (r < 0.15) return JSON.stringify(rng.pick(VALUES));
  const o: Record<string, unknown> = {};
  for (let i = rng.int(5); i > 0; i--) o[rng.pick(KEYS)] = rng.pick(VALUES);
  return JSON.stringify(o);
}

function query(rng: Random): string {
  const parts = Array.from(
    { length: rng.int(4) },
    () => `${rng.pick(QUERY_KEYS)}=${encodeURIComponent(rng.pick(QUERY_VALUES))}`,
  );
  return parts.length ? `?${parts.join('&')}` : '';
}

describe('the /v1 API under a seeded batch of odd requests', () => {
  it(`answers ${CASES} of them without a 5xx, every refusal in the error shape`, async () => {
    const sub = await subscribe(relay, { url: 'http://127.0.0.1:9/fuzz' });
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'fuzz-site'));
    const watch = await (
      await relay.api('/v1/watches', {
        method: 'POST',
        body: JSON.stringify({ provider: 'warpweb', id: 'fuzz-watch' }),
      })
    ).json();
    const event = (await (await relay.api('/v1/events')).json()).data[0];
    const ids = [sub.id, watch.id, event.id, 'x', '😀', '%00', 'sub_' + 'A'.repeat(26), '..', BIG.slice(0, 90)];
    const routes: [string, string][] = [
      ['POST', '/v1/watches'],
      ['GET', '/v1/watches'],
      ['GET', '/v1/watches/:id'],
      ['POST', '/v1/subscriptions'],
      ['GET', '/v1/subscriptions'],
      ['GET', '/v1/subscriptions/:id'],
      ['PATCH', '/v1/subscriptions/:id'],
      ['POST', '/v1/subscriptions/:id/rotate-secret'],
      ['POST', '/v1/subscriptions/:id/replay'],
      ['GET', '/v1/subscriptions/:id/deliveries'],
      ['POST', '/v1/deliveries/:id/retry'],
      ['POST', '/v1/stream-tokens'],
      ['GET', '/v1/events'],
      ['GET', '/v1/events/:id'],
      ['GET', '/v1/resources/:p/:k/:id'],
      ['HEAD', '/v1/stream'],
      ['HEAD', '/v1/resources/:p/:k/:id/stream'],
    ];
    const rng = seededRandom(SEED);
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const [method, template] = rng.pick(routes);
      const path =
        template
          .replace(':id', encodeURIComponent(rng.pick(ids)))
          .replace(':p', rng.pick(['warpweb', 'lindo', 'x']))
          .replace(':k', rng.pick(['site', 'page', 'zz'])) + query(rng);
      const headers: Record<string, string> = {};
      let payload: string | undefined;
      if (method === 'POST' || method === 'PATCH') {
        payload = body(rng);
        if (rng.bool()) headers['content-type'] = rng.pick(TYPES);
      }
      const res = await relay.api(path, { method, headers, body: payload });
      const text = await res.text();
      const what = `${method} ${path.slice(0, 120)} ${String(payload).slice(0, 120)} -> ${res.status} ${text.slice(0, 200)}`;
      if (res.status >= 500) failures.push(what);
      else if (res.status >= 400 && method !== 'HEAD') {
        const parsed = JSON.parse(text);
        const { code, message, issues, ...rest } = parsed.error ?? {};
        const ok =
          Object.keys(parsed).length === 1 &&
          typeof code === 'string' &&
          typeof message === 'string' &&
          Object.keys(rest).length === 0 &&
          (issues === undefined ||
            (Array.isArray(issues) &&
              issues.every(
                (x: { path: unknown; message: unknown }) => Array.isArray(x.path) && typeof x.message === 'string',
              )));
        if (!ok) failures.push(`shape: ${what}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
  });
});
