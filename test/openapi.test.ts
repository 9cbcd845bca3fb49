import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
};
type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
};

let t: ReturnType<typeof createTestApp>;
let doc: Doc;
beforeAll(async () => {
  t = createTestApp();
  const res = await t.app.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('is checked by a validator that does catch mistakes (control)', async () => {
    const broken = structuredClone(doc);
    broken.paths['/v1/events/{id}'] = { get: { responses: {} } } as never;
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('documents exactly the routes the app serves', () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL') // middleware and the 405 answers
        .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`),
    );
    const documented = new Set(operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    expect([...documented].sort()).toEqual([...served].sort());
    // Routes that must exist whatever else changes, so a rename cannot pass silently.
    for (const r of ['POST /v1/stream-tokens', 'GET /metrics', 'GET /openapi.json', 'GET /', 'GET /v1/stream']) expect(served).toContain(r);
  });

  it('gives every failure the Error shape, and every protected route its credentials and 401', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || (path === '/healthz' && status === '503')) continue;
        expect(response.content?.['application/json']?.schema?.$ref, `${where} ${status}`).toBe('#/components/schemas/Error');
      }
      if (path.startsWith('/v1/') || path === '/metrics') {
        expect(op.security?.length, where).toBeGreaterThan(0);
        expect(op.responses['401'], where).toBeDefined();
      }
    }
  });

  it('documents request bodies, including what each provider sends', () => {
    const body = (path: string) => doc.paths[path]?.post?.requestBody?.content['application/json']?.schema;
    expect(body('/ingest/warpweb')).toEqual({ $ref: '#/components/schemas/WarpwebWebhook' });
    expect(body('/ingest/lindo')).toEqual({ $ref: '#/components/schemas/LindoWebhook' });
    expect(body('/v1/stream-tokens')).toEqual({ $ref: '#/components/schemas/StreamTokenRequest' });
    for (const name of ['WarpwebWebhook', 'LindoWebhook', 'StreamTokenRequest', 'StreamToken', 'Event', 'Error']) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
  });
});
