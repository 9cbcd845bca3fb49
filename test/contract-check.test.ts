/** The checker behind test/setup/contract-hook.ts does catch answers the document does not allow (control). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeContractViolations, watchOrigin } from './setup/contract-watch';
import { createContractCheck, type ContractCheck, type OpenApiDocument } from './helpers/contract';
import { createTestApp } from './helpers/app';
import { emptyData } from '../src/core/event';

let t: ReturnType<typeof createTestApp>;
let check: ContractCheck;
beforeAll(async () => {
  t = createTestApp();
  check = createContractCheck((await (await t.app.request('/openapi.json')).json()) as OpenApiDocument);
});
afterAll(() => t.close());

const json = 'application/json; charset=utf-8';
const error = JSON.stringify({ error: { code: 'not_found', message: 'No.' } });
const page = (sequence: unknown, provider: unknown = 'warpweb') =>
  JSON.stringify({
    data: [
      {
        specversion: '1.0',
        id: 'evt_1',
        source: 'sitewire/warpweb',
        type: 'site.complete',
        subject: 'warpweb/site/a',
        time: '2026-05-18T12:00:00.000Z',
        datacontenttype: 'application/json',
        sequence,
        data: {
          ...emptyData('warpweb', 'webhook'),
          provider,
          kind: 'site',
          resource_id: 'a',
          site_id: 'a',
          status: 'complete',
          provider_status: 'complete',
          raw: {},
        },
      },
    ],
    next_after: '00000000000000000001',
    last_sequence: '00000000000000000001',
  });

describe('the contract check', () => {
  it('accepts a documented answer', () => {
    expect(
      check({ method: 'GET', path: '/v1/events', status: 200, contentType: json, body: page('00000000000000000001') }),
    ).toBeNull();
    expect(check({ method: 'GET', path: '/v1/events/evt_1', status: 404, contentType: json, body: error })).toBeNull();
    expect(check({ method: 'HEAD', path: '/v1/stream', status: 200, contentType: 'text/event-stream' })).toBeNull();
  });

  it('accepts null where a nullable reference is documented (Resource.watch)', () => {
    const resource = {
      subject: 'warpweb/site/a',
      provider: 'warpweb',
      kind: 'site',
      resource_id: 'a',
      status: null,
      terminal: false,
      last_sequence: null,
      last_event_id: null,
      updated_at: null,
      data: null,
      watch: null,
    };
    const answer = { method: 'GET', path: '/v1/resources/warpweb/site/a', status: 200, contentType: json };
    expect(check({ ...answer, body: JSON.stringify(resource) })).toBeNull();
    expect(check({ ...answer, body: JSON.stringify({ ...resource, watch: 'none' }) })).toMatch(/watch/);
  });

  it.each([
    [
      'an undocumented status',
      { method: 'GET', path: '/v1/events', status: 409, contentType: json, body: error },
      /status not documented for listEvents/,
    ],
    [
      'null where the schema takes none',
      { method: 'GET', path: '/v1/events', status: 200, contentType: json, body: page('00000000000000000001', null) },
      /must be string/,
    ],
    [
      'an unpadded sequence',
      { method: 'GET', path: '/v1/events', status: 200, contentType: json, body: page('1') },
      /must match pattern/,
    ],
    [
      'an undocumented content type',
      { method: 'GET', path: '/v1/events', status: 200, contentType: 'text/plain', body: 'x' },
      /content type text\/plain/,
    ],
    [
      'a 200 outside the document',
      { method: 'GET', path: '/v2/events', status: 200, contentType: json, body: '{}' },
      /not a documented operation/,
    ],
    [
      'an error that is not the Error shape',
      { method: 'GET', path: '/v1/events/x', status: 404, contentType: json, body: '{"error":"no"}' },
      /must be object/,
    ],
  ] as const)('refuses %s', (_name, answer, problem) => {
    expect(check(answer)).toMatch(problem);
  });
});

describe('the contract hook', () => {
  it('checks what fetch gets from a relay in another process, once its origin is watched', async () => {
    const doc = {
      openapi: '3.1.0',
      paths: { '/x': { get: { operationId: 'getX', responses: { 200: { description: 'ok' } } } } },
      components: {},
    };
    const server = createServer((req, res) => {
      if (req.url !== '/openapi.json') return void res.writeHead(418).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await watchOrigin(url);
      expect((await fetch(`${url}/x`)).status).toBe(418);
      // Taken here, so that this deliberate violation does not fail the test afterwards.
      expect(await takeContractViolations()).toEqual(['GET /x -> 418: status not documented for getX']);
    } finally {
      server.close();
    }
  });
});
