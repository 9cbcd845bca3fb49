/**
 * A seeded batch of hostile requests against a real relay: every one gets a
 * 4xx with the error shape of docs/api.md#errors and the code its case calls for, none
 * stores an event, and the relay is healthy afterwards.
 */
import { describe, expect, it } from 'vitest';
import { signWarpweb } from '../src/providers/warpweb/verify';
import { createHash, createHmac } from 'node:crypto';
import { rawRequest, type RawRequest, type RawResponse } from './helpers/raw-http';
import { seededRandom, type Random } from './helpers/random';
import { ADMIN_TOKEN, LINDO_TOKEN, useTestRelay, WARPWEB_SECRET } from './helpers/relay';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const MAX_BODY = 16 * 1024;
const SEED = 20260518;
const CASES = 240;

const relay = useTestRelay({ SITEWIRE_MAX_BODY_BYTES: String(MAX_BODY) });

interface HostileCase {
  name: string;
  request: RawRequest;
  status: number;
  code: string;
  /** The issue paths an invalid_request must name (first issue). */
  path?: (string | number)[];
  allow?: string;
}

const nowS = () => Math.floor(Date.now() / 1000);
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function signed(body: string, opts: { ts?: number; secret?: string } = {}): Promise<Record<string, string>> {
  const ts = opts.ts ?? nowS();
  return {
    'content-type': 'application/json',
    'x-warpweb-timestamp': String(ts),
    'x-warpweb-signature': await signWarpweb(opts.secret ?? WARPWEB_SECRET, ts, body),
  };
}

const envelope = (rng: Random) => ({
  event_id: `hostile-${rng.int(1e9)}`,
  type: rng.pick(['site.complete', 'site.failed', 'site.research_ready', 'form.submit', 'webhook.test_ping']),
  site_id: `site-${rng.int(1000)}`,
  occurred_at: new Date().toISOString(),
  payload: {},
});

/** Text that is never valid JSON: a strict prefix of an object, or an object opened on garbage. */
function notJson(rng: Random): string {
  const full = JSON.stringify(envelope(rng));
  if (rng.bool()) return full.slice(0, rng.int(full.length));
  const garbage = Array.from({ length: 1 + rng.int(40) }, () => String.fromCharCode(33 + rng.int(90))).join('');
  return `{${garbage.replace(/[{}"[\]]/g, 'x')}`;
}

const WRONG = [42, true, [], { nested: 1 }, null] as const;

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

const factories: ((rng: Random) => Promise<HostileCase>)[] = [
  async (rng) => {
    const body = notJson(rng);
    return {
      name: 'warpweb malformed JSON',
      request: { method: 'POST', path: '/ingest/warpweb', headers: await signed(body), body },
      status: 400,
      code: 'invalid_json',
    };
  },
  async (rng) => {
    const e: Record<string, unknown> = envelope(rng);
    const field = rng.pick(['event_id', 'type', 'site_id', 'occurred_at', 'payload']);
    const choices: unknown[] =
      field === 'payload' ? [42, true, [], 'done'] : field === 'occurred_at' ? [...WRONG, 'yesterday'] : [...WRONG];
    e[field] = rng.pick(choices);
    if (field === 'event_id' && rng.bool()) e[field] = '';
    const body = JSON.stringify(e);
    return {
      name: `warpweb wrong type: ${field}=${JSON.stringify(e[field])}`,
      request: { method: 'POST', path: '/ingest/warpweb', headers: await signed(body), body },
      status: 400,
      code: 'invalid_request',
      path: [field],
    };
  },
  async (rng) => {
    const [payload, path] = rng.pick([
      [{ warnings: 'many' }, ['payload', 'warnings']],
      [{ usage: { tokens_in: 'lots' } }, ['payload', 'usage', 'tokens_in']],
      [{ warnings: [{ rule: 7 }] }, ['payload', 'warnings', 0, 'rule']],
      [{ deployment_url: ['x'] }, ['payload', 'deployment_url']],
    ] as const);
    const body = JSON.stringify({ ...envelope(rng), type: 'site.complete', payload });
    return {
      name: `warpweb wrong payload ${path.join('.')}`,
      request: { method: 'POST', path: '/ingest/warpweb', headers: await signed(body), body },
      status: 400,
      code: 'invalid_request',
      path: [...path],
    };
  },
  async (rng) => {
    const body = JSON.stringify({ ...envelope(rng), payload: { deep: 0 } }).replace(
      '"deep":0',
      '"deep":' + nested(65 + rng.int(7_000)),
    );
    return {
      name: 'warpweb deeply nested JSON',
      request: { method: 'POST', path: '/ingest/warpweb', headers: await signed(body), body },
      status: 400,
      code: 'invalid_request',
      path: [],
    };
  },
  async (rng) => {
    const body = notJson(rng);
    return {
      name: 'lindo malformed JSON',
      request: { method: 'POST', path: `/ingest/lindo?token=${LINDO_TOKEN}`, body },
      status: 400,
      code: 'invalid_json',
    };
  },
  async (rng) => {
    const [value, path] = rng.pick([
      [{ event: 5 }, ['event']],
      [{ data: {} }, ['event']],
      [{ event: 'client.created', timestamp: 'now' }, ['timestamp']],
      [{ event: 'client.created', data: [1] }, ['data']],
      [{ event: 'workflow.website.completed', data: { website_id: 5 } }, ['data', 'website_id']],
      [{ event: 'workflow.page.completed', data: { page_id: 'p', is_blog: 'yes' } }, ['data', 'is_blog']],
      [{ event: 'workflow.page.completed', data: {} }, ['data', 'workflow_instance_id']],
    ] as const);
    return {
      name: `lindo wrong type ${path.join('.')}`,
      request: { method: 'POST', path: `/ingest/lindo?token=${LINDO_TOKEN}`, body: JSON.stringify(value) },
      status: 400,
      code: 'invalid_request',
      path: [...path],
    };
  },
  async (rng) => {
    const path = rng.pick(['/ingest/warpweb', `/ingest/lindo?token=${LINDO_TOKEN}`, '/v1/events', '/nope']);
    return {
      name: `huge body announced by Content-Length to ${path}`,
      request: {
        method: 'POST',
        path,
        headers: { ...admin, 'content-type': 'application/json' },
        announceLength: MAX_BODY + 1 + rng.int(50 * MAX_BODY),
      },
      status: 413,
      code: 'payload_too_large',
    };
  },
  async (rng) => {
    const path = rng.pick(['/ingest/warpweb', `/ingest/lindo?token=${LINDO_TOKEN}`, '/v1/events']);
    const chunks = Array.from({ length: 64 }, () => Buffer.alloc(1 + rng.int(2048), 'a'));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    if (total <= MAX_BODY) chunks.push(Buffer.alloc(MAX_BODY, 'b'));
    return {
      name: `huge chunked body to ${path}`,
      request: { method: 'POST', path, headers: { ...admin }, chunks },
      status: 413,
      code: 'payload_too_large',
    };
  },
  async (rng) => {
    const body = JSON.stringify(envelope(rng));
    const good = await signed(body);
    const variant = rng.int(11);
    const [what, headers]: [string, Record<string, string>] = (
      [
        [
          'a random signature',
          { ...good, 'x-warpweb-signature': `sha256=${createHash('sha256').update(String(rng.next())).digest('hex')}` },
        ],
        ['a wrong secret', await signed(body, { secret: 'whsec_someone_else' })],
        ['no signature', { ...good, 'x-warpweb-signature': '' }],
        ['a malformed signature', { ...good, 'x-warpweb-signature': 'sha256=xyz' }],
        [
          'another algorithm',
          { ...good, 'x-warpweb-signature': good['x-warpweb-signature']!.replace('sha256=', 'sha1=') },
        ],
        ['a stale timestamp', await signed(body, { ts: nowS() - 301 - rng.int(100_000) })],
        ['a future timestamp', await signed(body, { ts: nowS() + 301 + rng.int(100_000) })],
        [
          'a signature replayed from another body',
          { ...good, 'x-warpweb-signature': (await signed(body + ' '))['x-warpweb-signature']! },
        ],
        ['no timestamp', { ...good, 'x-warpweb-timestamp': '' }],
        ['a non-numeric timestamp', { ...good, 'x-warpweb-timestamp': 'yesterday' }],
        [
          'the legacy raw-body signature while legacy is off',
          {
            ...good,
            'x-warpweb-signature': `sha256=${createHmac('sha256', WARPWEB_SECRET).update(body).digest('hex')}`,
          },
        ],
      ] as [string, Record<string, string>][]
    )[variant]!;
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    return {
      name: `warpweb ${what}`,
      request: { method: 'POST', path: '/ingest/warpweb', headers, body },
      status: 401,
      code: 'invalid_signature',
    };
  },
  async (rng) => {
    const body = JSON.stringify({ event: 'client.created', data: { client_id: `c${rng.int(1e6)}` } });
    const [what, path, headers] = rng.pick<[string, string, Record<string, string>]>([
      ['no token', '/ingest/lindo', {}],
      ['an empty token', '/ingest/lindo?token=', {}],
      ['a wrong token', `/ingest/lindo?token=${LINDO_TOKEN.slice(0, -1)}x`, {}],
      ['a token prefix', `/ingest/lindo?token=${LINDO_TOKEN.slice(0, 5)}`, {}],
      ['a longer token', `/ingest/lindo?token=${LINDO_TOKEN}0`, {}],
      ['a wrong bearer', '/ingest/lindo', { authorization: 'Bearer not-the-token' }],
      ['the token as Basic', '/ingest/lindo', { authorization: `Basic ${LINDO_TOKEN}` }],
      ['the admin token', '/ingest/lindo', admin],
    ]);
    return {
      name: `lindo ${what}`,
      request: { method: 'POST', path, headers, body },
      status: 401,
      code: 'unauthorized',
    };
  },
  async (rng) => {
    const path = rng.pick([
      '/v1/events',
      '/v1/events/evt_1',
      '/v1/stream',
      '/v1/stream?access_token=forged',
      '/v1/nope',
    ]);
    const auth = rng.pick<string | null>([
      null,
      'Bearer',
      `Bearer ${ADMIN_TOKEN}x`,
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
      `Basic ${ADMIN_TOKEN}`,
      `Bearer ${LINDO_TOKEN}`,
      ADMIN_TOKEN,
    ]);
    return {
      name: `bearer ${auth ?? 'missing'} on ${path}`,
      request: { path, headers: auth ? { authorization: auth } : ({} as Record<string, string>) },
      status: 401,
      code: 'unauthorized',
    };
  },
  async (rng) => {
    const [method, path, headers] = rng.pick<[string, string, Record<string, string>]>([
      ['GET', '/nope', {}],
      ['GET', `/${rng.int(1e6)}`, {}],
      ['POST', '/ingest/acme', {}],
      ['POST', '/ingest/warpweb/extra', {}],
      ['GET', '/v1/nope', admin],
      ['GET', '/v1/events/evt_does_not_exist', admin],
      ['GET', '/v1/events/a/b', admin],
    ]);
    return { name: `${method} ${path}`, request: { method, path, headers }, status: 404, code: 'not_found' };
  },
  async (rng) => {
    const [method, path, allow, headers] = rng.pick<[string, string, string, Record<string, string>]>([
      ['GET', '/ingest/warpweb', 'POST', {}],
      ['PUT', '/ingest/lindo', 'POST', {}],
      ['DELETE', '/ingest/warpweb', 'POST', {}],
      ['POST', '/healthz', 'GET, HEAD', {}],
      ['DELETE', '/healthz', 'GET, HEAD', {}],
      ['POST', '/v1/events', 'GET, HEAD', admin],
      ['PATCH', '/v1/events/evt_1', 'GET, HEAD', admin],
      ['POST', '/v1/stream', 'GET, HEAD', admin],
    ]);
    return {
      name: `${method} ${path}`,
      request: { method, path, headers },
      status: 405,
      code: 'method_not_allowed',
      allow,
    };
  },
  async (rng) => {
    const many = Array.from({ length: 51 }, (_, i) => `t${i}`).join(',');
    const [query, ...param] = rng.pick([
      ['after=-1', 'after'] as [string, string],
      ['after=abc', 'after'],
      ['after=1.5', 'after'],
      ['after=1e3', 'after'],
      ['after=1&after=2', 'after'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      [`types=${many}`, 'types'],
      [`resources=${'x'.repeat(301)}`, 'resources', 0],
    ] as const);
    const path =
      rng.bool() || param[0] === 'after' || param[0] === 'limit' ? `/v1/events?${query}` : `/v1/stream?${query}`;
    return {
      name: `bad query ${path}`,
      request: { path, headers: admin },
      status: 400,
      code: 'invalid_request',
      path: param,
    };
  },
  async (rng) => {
    const value = rng.pick(['abc', '-1', '1.5', '1e3', '9'.repeat(16), '0x10', '1 2']);
    return rng.bool()
      ? {
          name: `Last-Event-ID ${value}`,
          request: { path: '/v1/stream', headers: { ...admin, 'last-event-id': value } },
          status: 400,
          code: 'invalid_request',
          path: ['Last-Event-ID'],
        }
      : {
          name: `last_event_id=${value}`,
          request: { path: `/v1/stream?last_event_id=${encodeURIComponent(value)}`, headers: admin },
          status: 400,
          code: 'invalid_request',
          path: ['last_event_id'],
        };
  },
];

function expectErrorShape(res: RawResponse, c: HostileCase) {
  expect(res.headers['content-type'], c.name).toMatch(/^application\/json/);
  const body = JSON.parse(res.text);
  expect(Object.keys(body), c.name).toEqual(['error']);
  const { code, message, issues, ...rest } = body.error;
  expect(rest, c.name).toEqual({});
  expect(code, c.name).toBe(c.code);
  expect(typeof message === 'string' && message.length > 0, c.name).toBe(true);
  if (c.code === 'invalid_request') {
    expect(Array.isArray(issues) && issues.length > 0, c.name).toBe(true);
    for (const i of issues) {
      expect(Array.isArray(i.path) && typeof i.message === 'string', c.name).toBe(true);
    }
    if (c.path) expect(issues[0].path, c.name).toEqual(c.path);
  } else {
    expect(issues, c.name).toBeUndefined();
  }
}

describe('hostile requests', () => {
  it(`a seeded batch of ${CASES} gets only the expected 4xx, stores nothing, and leaves the relay healthy`, async () => {
    const rng = seededRandom(SEED);
    const cases: HostileCase[] = [];
    for (let i = 0; i < CASES; i++) cases.push(await factories[i % factories.length]!(rng));

    const seen = new Set<number>();
    // A few at a time, as a real client mix would arrive.
    for (let i = 0; i < cases.length; i += 4) {
      const batch = cases.slice(i, i + 4);
      const answers = await Promise.all(batch.map((c) => rawRequest(relay.url, c.request)));
      batch.forEach((c, j) => {
        const res = answers[j]!;
        seen.add(res.status);
        expect(res.status, `${c.name}: ${res.text}`).toBe(c.status);
        expectErrorShape(res, c);
        if (c.allow) expect(res.headers.allow, c.name).toBe(c.allow);
      });
    }
    expect([...seen].sort()).toEqual([400, 401, 404, 405, 413]);

    expect(relay.relay.store.events.lastSeq()).toBe(0);
    const zero = '00000000000000000000';
    expect(await (await relay.api('/v1/events')).json()).toEqual({
      data: [],
      next_after: zero,
      oldest_sequence: null,
      last_sequence: zero,
    });
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, db: 'ok' });

    // Still taking real webhooks in.
    const ok = await postWarpweb(relay.url, warpwebEnvelope('site.complete', 'after-the-storm'));
    expect(ok.status).toBe(200);
    expect((await ok.json()).events).toHaveLength(1);
  });

  it('a replayed valid webhook is 200 duplicate and stores nothing new', async () => {
    const body = JSON.stringify(warpwebEnvelope('site.failed', 'replayed-site', { last_error: 'boom' }));
    const headers = await signed(body);
    const first = await rawRequest(relay.url, { method: 'POST', path: '/ingest/warpweb', headers, body });
    expect(first.status).toBe(200);
    const before = relay.relay.store.events.lastSeq();
    for (let i = 0; i < 3; i++) {
      // The exact same delivery again: same bytes, same signature, same timestamp.
      const again = await rawRequest(relay.url, { method: 'POST', path: '/ingest/warpweb', headers, body });
      expect(again.status).toBe(200);
      expect(JSON.parse(again.text)).toEqual({ received: true, duplicate: true });
    }
    expect(relay.relay.store.events.lastSeq()).toBe(before);
  });
});
