/**
 * GET / (docs/api.md#health): the dashboard page, its script and stylesheet. Served
 * from strings, so there is no build step and it bundles on Workers. The
 * page holds no data; the script reads the API with the admin token.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { VERSION } from '../../version';
import { featuresOf } from '../dashboard/features';
import { dashboardPage } from '../dashboard/page';
import { DASHBOARD_JS } from '../dashboard/script';
import { DASHBOARD_CSS } from '../dashboard/styles';
import type { AppEnv } from '../env';
import { NO_SECURITY } from '../schemas';

// The page talks to its own origin only and nothing may frame it.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const asset = (path: string, operationId: string, type: string, summary: string) =>
  createRoute({
    method: 'get',
    path,
    operationId,
    summary,
    tags: ['system'],
    security: NO_SECURITY,
    responses: { 200: { description: summary, content: { [type]: { schema: z.string() } } } },
  });

const page = asset('/', 'getDashboard', 'text/html', 'The dashboard (live events, builds, watches, subscriptions)');
const script = asset('/dashboard.js', 'getDashboardScript', 'text/javascript', "The dashboard's script");
const styles = asset('/dashboard.css', 'getDashboardStyles', 'text/css', "The dashboard's stylesheet");

export function registerDashboard(app: OpenAPIHono<AppEnv>) {
  // Routes are all registered before the first request: read the optional features once.
  let html: string | undefined;
  app.openapi(page, (c) => {
    html ??= dashboardPage({ version: VERSION, features: featuresOf(app.routes) });
    return c.body(html, 200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' }) as never;
  });
  app.openapi(
    script,
    (c) =>
      c.body(DASHBOARD_JS, 200, { ...SECURITY_HEADERS, 'content-type': 'text/javascript; charset=utf-8' }) as never,
  );
  app.openapi(
    styles,
    (c) => c.body(DASHBOARD_CSS, 200, { ...SECURITY_HEADERS, 'content-type': 'text/css; charset=utf-8' }) as never,
  );
}
