/** GET /metrics: Prometheus text exposition of every registered collector (admin only). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EXPOSITION_CONTENT_TYPE, renderMetrics, type MetricCollector, type MetricFamily } from '../../core/metrics';
import type { Relay } from '../../services/relay';
import type { AppEnv } from '../env';
import { ADMIN_SECURITY, errorResponses } from '../schemas';

const route = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  summary: 'Prometheus metrics',
  description:
    'Text exposition format 0.0.4; every name starts with `sitewire_`. The counters of events, provider polls and delivery attempts are kept in the database and survive restarts (refused webhooks are counted in memory); gauges are read from the tables at scrape time.',
  tags: ['system'],
  security: ADMIN_SECURITY,
  responses: {
    200: { description: 'The metrics', content: { 'text/plain': { schema: z.string() } } },
    ...errorResponses(401),
  },
});

export function registerMetrics(app: OpenAPIHono<AppEnv>, relay: Relay, local: MetricCollector[]) {
  app.openapi(route, (c) => {
    const families: MetricFamily[] = [];
    for (const collect of [...relay.metrics, ...local]) {
      try {
        families.push(...[collect()].flat());
      } catch (err) {
        // One broken collector must not hide the others.
        relay.logger.error('metrics collector failed', { error: String(err) });
      }
    }
    return c.body(renderMetrics(families), 200, { 'content-type': EXPOSITION_CONTENT_TYPE }) as never;
  });
}
