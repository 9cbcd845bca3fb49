/** The /v1 body handling on a route declared the way feature routes are (zod-openapi validator). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { handleError, validationHook } from './errors';
import { jsonBodies } from './json-bodies';

const app = new OpenAPIHono({ defaultHook: validationHook });
app.onError(handleError(silentLogger));
app.use('*', jsonBodies());
app.openapi(
  createRoute({
    method: 'post',
    path: '/things',
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ name: z.string(), meta: z.unknown().optional() }) } },
      },
    },
    responses: { 200: { description: 'ok' } },
  }),
  (c) => c.json({ got: c.req.valid('json') }, 200) as never,
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/optional',
    request: {
      body: {
        required: false,
        content: { 'application/json': { schema: z.strictObject({ ttl: z.number().optional() }) } },
      },
    },
    responses: { 200: { description: 'ok' } },
  }),
  (c) => c.json({ got: c.req.valid('json') }, 200) as never,
);

const post = (body: string, type?: string) =>
  app.request('/things', { method: 'POST', body, headers: type ? { 'content-type': type } : {} });

describe('JSON request bodies', () => {
  it('reach the validator whatever the Content-Type', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded', undefined]) {
      const res = await post('{"name":"a","meta":{"x":[1]}}', type);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ got: { name: 'a', meta: { x: [1] } } });
    }
  });

  it('are 400 invalid_json when not JSON, invalid_request when off-schema', async () => {
    const bad = await post('name=a', 'application/x-www-form-urlencoded');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');
    const off = await post('{"name":5}');
    expect(off.status).toBe(400);
    expect(await off.json()).toMatchObject({ error: { code: 'invalid_request', issues: [{ path: ['name'] }] } });
  });

  it('are refused with 400 when nested too deeply to be stored again', async () => {
    const res = await post(`{"name":"a","meta":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', issues: [{ path: [] }] } });
  });

  it('take an empty body without Content-Length (curl -X POST) as no body, like Content-Length: 0', async () => {
    for (const headers of [{}, { 'content-type': 'application/json' }, { 'content-length': '0' }] as Record<
      string,
      string
    >[]) {
      const optional = await app.request('/optional', { method: 'POST', body: '', headers });
      expect(optional.status).toBe(200);
      expect(await optional.json()).toEqual({ got: {} });
      // A required body that is absent: the schema names what is missing, not a JSON syntax error.
      const required = await app.request('/things', { method: 'POST', body: '', headers });
      expect(required.status).toBe(400);
      expect(await required.json()).toMatchObject({ error: { code: 'invalid_request', issues: [{ path: ['name'] }] } });
    }
  });
});
