/** GET /healthz: liveness and database check, no auth. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Relay } from '../../services/relay';
import { VERSION } from '../../version';
import type { AppEnv } from '../env';
import { NO_SECURITY } from '../schemas';

const Health = z.object({ ok: z.boolean(), version: z.string(), runtime: z.enum(['node', 'workers']), db: z.enum(['ok', 'error']) });

const route = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  summary: 'Health check',
  tags: ['system'],
  security: NO_SECURITY,
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: Health } } },
    503: { description: 'Database unavailable', content: { 'application/json': { schema: Health } } },
  },
});

export function registerHealth(app: OpenAPIHono<AppEnv>, relay: Relay) {
  app.openapi(route, (c) => {
    let db: 'ok' | 'error' = 'error';
    try {
      if (relay.store.ping()) db = 'ok';
    } catch {
      // reported as db: error
    }
    const body = { ok: db === 'ok', version: VERSION, runtime: relay.runtime, db };
    return db === 'ok' ? c.json(body, 200) : c.json(body, 503);
  });
}
