/** Answers 405 (with Allow) on known paths for methods they do not serve. Call after all routes. */
import type { Hono } from 'hono';
import { AppError } from '../core/errors';
import { errorResponse } from './errors';

// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its environment and schema types
export function addMethodNotAllowed(app: Hono<any, any, any>): void {
  const allowed = new Map<string, Set<string>>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    const set = allowed.get(r.path) ?? new Set<string>();
    set.add(r.method);
    if (r.method === 'GET') set.add('HEAD');
    allowed.set(r.path, set);
  }
  for (const [path, methods] of allowed) {
    const allow = [...methods].sort().join(', ');
    app.all(path, (c) =>
      errorResponse(c, new AppError('method_not_allowed', `${c.req.method} is not allowed here; use ${allow}.`), {
        headers: { allow },
      }),
    );
  }
}
