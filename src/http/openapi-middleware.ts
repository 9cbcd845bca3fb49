/**
 * The answers the middleware of create-app.ts gives before any route runs,
 * added to every operation they apply to, so that the document lists every
 * status a route can answer (docs/api.md#errors): auth on /v1 and /metrics (401, and 503
 * when no admin token is set), the body limit and JSON parsing on routes that
 * take a body (413, 400), and path parameter validation (400).
 */
type Responses = Record<string, unknown>;
interface Operation {
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Responses;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const isProtected = (path: string) => path.startsWith('/v1/') || path === '/metrics';

export function addMiddlewareAnswers(paths: Record<string, Partial<Record<string, Operation>>>): void {
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const add = (status: string, description: string) => {
        op.responses[status] ??= error(description);
      };
      if (op.requestBody) {
        add('400', 'invalid_json: the body is not JSON; invalid_request: it does not match the schema.');
        add('413', 'payload_too_large: the body is over SITEWIRE_MAX_BODY_BYTES.');
      }
      if (op.parameters?.some((p) => p.in === 'path')) add('400', 'invalid_request: a path parameter is malformed.');
      if (isProtected(path)) {
        add('401', 'unauthorized: no valid bearer token (see WWW-Authenticate).');
        add('503', 'admin_token_missing: SITEWIRE_ADMIN_TOKEN is not set on this deployment.');
      }
      // Keep the statuses in order, for people reading the document.
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
}
