/** GET /healthz: liveness and database check, no auth. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Relay } from '../../services/relay';
import { VERSION } from '../../version';
import type { AppEnv } from '../env';
import { NO_SECURITY } from '../schemas';

/** Workers only: how the deployment is spread over objects; `queue` is true when attempts run in Queue consumers. */
const Topology = z.object({ shards: z.number().int(), fanouts: z.number().int(), queue: z.boolean() });
const Health = z.object({
  ok: z.boolean(),
  version: z.string(),
  runtime: z.enum(['node', 'workers']),
  db: z.enum(['ok', 'error']),
  topology: Topology.optional(),
});

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
    const topology =
      relay.runtime === 'workers'
        ? { topology: { shards: relay.shards, fanouts: relay.fanouts, queue: relay.deliveries.transport === 'queue' } }
        : {};
    const body = { ok: db === 'ok', version: VERSION, runtime: relay.runtime, db, ...topology };
    return db === 'ok' ? c.json(body, 200) : c.json(body, 503);
  });
}
