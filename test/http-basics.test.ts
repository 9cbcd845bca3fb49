/** Health, method and body-size rules of docs/api.md over real HTTP. */
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version';
import { rawRequest } from './helpers/raw-http';
import { ADMIN_TOKEN, LINDO_TOKEN, useTestRelay } from './helpers/relay';

const MAX_BODY = 4096;
const relay = useTestRelay({ SITEWIRE_MAX_BODY_BYTES: String(MAX_BODY) });

describe('GET /healthz', () => {
  it('answers without auth', async () => {
    const res = await fetch(`${relay.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: VERSION, runtime: 'node', db: 'ok' });
    expect((await fetch(`${relay.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('HEAD /v1/stream', () => {
  it('answers the stream headers and opens no stream', async () => {
    const res = await rawRequest(relay.url, {
      method: 'HEAD',
      path: '/v1/stream',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(relay.relay.hub.listenerCount()).toBe(0);
  });
});

describe('405 with Allow', () => {
  it.each([
    ['GET', '/ingest/warpweb', 'POST'],
    ['PUT', '/ingest/lindo', 'POST'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/v1/events', 'GET, HEAD'],
    ['PUT', '/v1/events/evt_x', 'GET, HEAD'],
    ['POST', '/v1/stream', 'GET, HEAD'],
    ['POST', '/openapi.json', 'GET, HEAD'],
  ])('%s %s -> Allow: %s', async (method, path, allow) => {
    const res = await rawRequest(relay.url, { method, path, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(JSON.parse(res.text)).toEqual({
      error: { code: 'method_not_allowed', message: expect.stringContaining(allow) },
    });
  });
});

describe('body limit', () => {
  it('answers 413 on the Content-Length alone, before a byte of the body is sent', async () => {
    // The request announces a body and sends none: an answer can only come from the headers.
    for (const path of ['/ingest/warpweb', `/ingest/lindo?token=${LINDO_TOKEN}`]) {
      const res = await rawRequest(relay.url, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        announceLength: 50 * 1024 * 1024,
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toEqual({
        error: { code: 'payload_too_large', message: `The request body is larger than ${MAX_BODY} bytes.` },
      });
    }
  });

  it('stops reading a chunked body at the limit', async () => {
    const chunks = Array.from({ length: 1000 }, () => Buffer.alloc(1024, 'x'));
    const res = await rawRequest(relay.url, { method: 'POST', path: `/ingest/lindo?token=${LINDO_TOKEN}`, chunks });
    expect(res.status).toBe(413);
  });

  it('takes a body of exactly the limit, announced or chunked', async () => {
    const base = JSON.stringify({ event: 'client.created', data: { client_id: 'cl_limit', pad: '' } });
    const exact = base.replace('"pad":""', `"pad":"${'p'.repeat(MAX_BODY - base.length)}"`);
    expect(Buffer.byteLength(exact)).toBe(MAX_BODY);
    const announced = await rawRequest(relay.url, {
      method: 'POST',
      path: `/ingest/lindo?token=${LINDO_TOKEN}`,
      body: exact,
    });
    expect(announced.status).toBe(200);
    const chunked = await rawRequest(relay.url, {
      method: 'POST',
      path: `/ingest/lindo?token=${LINDO_TOKEN}`,
      chunks: [Buffer.from(exact.slice(0, 1000)), Buffer.from(exact.slice(1000))],
    });
    expect(JSON.parse(chunked.text)).toEqual({ received: true, duplicate: true });
  });
});

describe('GET /openapi.json', () => {
  it('documents the routes', async () => {
    const doc = await (await fetch(`${relay.url}/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/ingest/warpweb',
        '/ingest/lindo',
        '/v1/events',
        '/v1/events/{id}',
        '/v1/stream',
      ]),
    );
  });
});

describe('401 challenges (RFC 6750)', () => {
  it.each([
    ['no credential', '/v1/events', {}, 'Bearer realm="sitewire"'],
    ['a wrong token', '/v1/events', { authorization: 'Bearer nope' }, 'Bearer realm="sitewire", error="invalid_token"'],
    ['a wrong stream token', '/v1/stream?access_token=nope', {}, 'Bearer realm="sitewire", error="invalid_token"'],
    ['no credential on /metrics', '/metrics', {}, 'Bearer realm="sitewire"'],
  ])('%s: WWW-Authenticate %s', async (_name, path, headers, challenge) => {
    const res = await fetch(`${relay.url}${path}`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid bearer token.' } });
  });

  it('name the scheme each webhook endpoint takes', async () => {
    const post = (path: string) =>
      fetch(`${relay.url}${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const lindo = await post('/ingest/lindo?token=wrong');
    expect([lindo.status, lindo.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="ingest"']);
    const warpweb = await post('/ingest/warpweb');
    const challenge = warpweb.headers.get('www-authenticate');
    expect([warpweb.status, challenge]).toEqual([401, 'warpweb-signature realm="ingest"']);
  });
});
