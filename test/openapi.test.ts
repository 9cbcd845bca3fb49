import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { useOpenApiDoc } from './helpers/openapi-doc';

const spec = useOpenApiDoc();
const operations = spec.operations;

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(spec.doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(spec.doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('is checked by a validator that does catch mistakes (control)', async () => {
    const broken = structuredClone(spec.doc);
    broken.paths['/v1/events/{id}'] = { get: { responses: {} } } as never;
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('documents exactly the routes the app serves', () => {
    const served = new Set(
      spec.app.app.routes
        .filter((r) => r.method !== 'ALL') // middleware and the 405 answers
        .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`),
    );
    const documented = new Set(operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    expect([...documented].sort()).toEqual([...served].sort());
    // Routes that must exist whatever else changes, so a rename cannot pass silently.
    for (const r of ['POST /v1/stream-tokens', 'GET /metrics', 'GET /openapi.json', 'GET /', 'GET /v1/stream'])
      expect(served).toContain(r);
  });

  it('gives every failure the Error shape, and every protected route its credentials and 401', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || (path === '/healthz' && status === '503')) continue;
        expect(response.content?.['application/json']?.schema?.$ref, `${where} ${status}`).toBe(
          '#/components/schemas/Error',
        );
      }
      if (path.startsWith('/v1/') || path === '/metrics') {
        expect(op.security?.length, where).toBeGreaterThan(0);
        expect(op.responses['401'], where).toBeDefined();
      }
    }
  });

  it('documents request bodies, including what each provider sends', () => {
    const body = (path: string) => spec.doc.paths[path]?.post?.requestBody?.content['application/json']?.schema;
    expect(body('/ingest/warpweb')).toEqual({ $ref: '#/components/schemas/WarpwebWebhook' });
    expect(body('/ingest/lindo')).toEqual({ $ref: '#/components/schemas/LindoWebhook' });
    expect(body('/v1/stream-tokens')).toEqual({ $ref: '#/components/schemas/StreamTokenRequest' });
    for (const name of ['WarpwebWebhook', 'LindoWebhook', 'StreamTokenRequest', 'StreamToken', 'Event', 'Error']) {
      expect(spec.doc.components.schemas[name], name).toBeDefined();
    }
  });
});
