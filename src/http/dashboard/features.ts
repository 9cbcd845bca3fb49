/**
 * Which optional APIs this app serves, read from its routes, so the
 * dashboard never calls one that is not there (a 404 would be a console
 * error in the browser). Parameter names do not matter, only the shape.
 */
interface RouteLike {
  method: string;
  path: string;
}

const shapeOf = (path: string) => path.replace(/\/(:[^/]+|\{[^}]+\})/g, '/:');

const WANTED: Record<string, [string, string]> = {
  watches: ['GET', '/v1/watches'],
  resources: ['GET', '/v1/resources/:/:/:'],
  subscriptions: ['GET', '/v1/subscriptions'],
  deliveries: ['GET', '/v1/subscriptions/:/deliveries'],
  'test-event': ['POST', '/v1/subscriptions/:/test'],
  retry: ['POST', '/v1/deliveries/:/retry'],
  revisions: ['POST', '/v1/watches/:/revisions'],
  refresh: ['POST', '/v1/watches/:/refresh'],
  recover: ['POST', '/v1/subscriptions/:/recover'],
};

export function featuresOf(routes: readonly RouteLike[]): string[] {
  const served = new Set(routes.map((r) => `${r.method} ${shapeOf(r.path)}`));
  return Object.entries(WANTED)
    .filter(([, [method, path]]) => served.has(`${method} ${path}`))
    .map(([name]) => name);
}
