/** The contract /openapi.json states: operation ids, credentials, statuses, servers, license, webhooks. */
import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app';
import { type Operation, useOpenApiDoc } from './helpers/openapi-doc';

const spec = useOpenApiDoc();
const operations = spec.operations;

describe('GET /openapi.json, the contract', () => {
  const PUBLIC = [
    '/healthz',
    '/ingest/warpweb',
    '/ingest/lindo',
    '/openapi.json',
    '/',
    '/dashboard.js',
    '/dashboard.css',
  ];

  it('gives every operation a unique operationId', () => {
    const ids = operations().map(({ op }) => (op as { operationId?: string }).operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the credentials: bearer on /v1 and /metrics, stream tokens on streams, none elsewhere', () => {
    const schemes = (
      spec.doc as unknown as {
        components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
      }
    ).components.securitySchemes;
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.streamToken).toMatchObject({ type: 'apiKey', in: 'query', name: 'access_token' });
    for (const { path, method, op } of operations()) {
      const expected = PUBLIC.includes(path)
        ? []
        : path === '/v1/stream' || path.endsWith('/stream')
          ? [{ bearer: [] }, { streamToken: [] }]
          : [{ bearer: [] }];
      expect(op.security, `${method} ${path}`).toEqual(expected);
    }
  });

  it('lists what the middleware answers on every route it guards', () => {
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses);
      const where = `${method} ${path}`;
      if (path.startsWith('/v1/') || path === '/metrics')
        expect(statuses, where).toEqual(expect.arrayContaining(['401', '503']));
      if (op.requestBody) expect(statuses, where).toEqual(expect.arrayContaining(['400', '413']));
      if (path.includes('{')) expect(statuses, where).toContain('400');
    }
  });

  it('writes nullable references so that null validates', () => {
    const text = JSON.stringify(spec.doc);
    expect(text).not.toMatch(/"allOf":\[\{"\$ref":"[^"]+"\},\{"type":\[[^\]]*"null"/);
    const watch = (spec.doc.components.schemas.Resource as { properties: Record<string, unknown> }).properties.watch;
    expect(watch).toEqual({ anyOf: [{ $ref: '#/components/schemas/Watch' }, { type: 'null' }] });
  });

  it('has a license URL, and its server is where the request came to', async () => {
    const info = (spec.doc as unknown as { info: { license: { name: string; url: string } } }).info;
    expect(info.license).toEqual({ name: 'MIT', url: 'https://opensource.org/license/mit' });
    expect((spec.doc as unknown as { servers: unknown }).servers).toEqual([{ url: 'http://localhost' }]);
    const other = await spec.app.app.request('https://relay.example.net:8443/openapi.json');
    expect((await other.json()).servers).toEqual([{ url: 'https://relay.example.net:8443' }]);
  });

  it('takes its server from SITEWIRE_PUBLIC_URL when set', async () => {
    const configured = createTestApp({ env: { SITEWIRE_PUBLIC_URL: 'https://relay.example.com/' } });
    try {
      expect((await (await configured.app.request('/openapi.json')).json()).servers).toEqual([
        { url: 'https://relay.example.com' },
      ]);
    } finally {
      configured.close();
    }
  });

  it('documents each delivered event type as a webhook with its own schema', async () => {
    const catalog = (await (await spec.app.admin('/v1/event-types')).json()) as {
      data: { type: string; data_schema: unknown; example: unknown }[];
    };
    const types = catalog.data.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'site.complete',
        'page.failed',
        'revision.clarification_needed',
        'form.submitted',
        'watch.error',
        'sitewire.test',
        'lindo.*',
      ]),
    );
    expect(Object.keys(spec.doc.webhooks ?? {}).sort()).toEqual([...types].sort());
    const bodyOf = (type: string) =>
      (spec.doc.webhooks as Record<string, { post: Operation }>)[type]!.post.requestBody!.content['application/json']!
        .schema;
    expect(bodyOf('site.complete')).toEqual({
      allOf: [
        { $ref: '#/components/schemas/Event' },
        { type: 'object', properties: { type: { type: 'string', enum: ['site.complete'] } } },
      ],
    });
    expect(JSON.stringify(bodyOf('form.submitted'))).toContain('#/components/schemas/FormEventData');
    for (const e of catalog.data)
      expect(e.data_schema, e.type).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['provider', 'observed_via']),
      });
  });
});
