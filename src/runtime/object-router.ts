/**
 * Which Durable Object serves a request: the one place that decides
 * (docs/scaling.md#sse-on-fan-out-objects-built). SSE streams go to a fan-out
 * object — a build's stream by the hash of its subject, `/v1/stream` spread
 * across them — and everything else to the one relay object. Sharding later
 * changes this file, not the routes.
 */
import { z } from 'zod';
import { ConfigError, int, parseEnv } from '../env-values';

export const RELAY_OBJECT = 'relay';
/** The Durable Object namespace of the fan-out objects (wrangler.toml). */
export const FANOUT_BINDING = 'FANOUT';
/**
 * Each committed batch costs the relay one RPC per fan-out (a subrequest of the request or alarm that
 * wrote it), so their number stays well inside an invocation's subrequest limit.
 */
export const MAX_FANOUTS = 32;
export const DEFAULT_FANOUTS = 2;

const topologyVars = z.object({ SITEWIRE_FANOUTS: int(1, MAX_FANOUTS).default(DEFAULT_FANOUTS) });

/** SITEWIRE_FANOUTS, or a ConfigError naming it (the same one-line form as every variable). */
export function fanoutCount(env: Record<string, unknown>): number {
  return parseEnv(topologyVars, env).values.SITEWIRE_FANOUTS;
}

export const fanoutName = (index: number): string => `fanout-${index}`;

const ALL_EVENTS = /^\/v1\/stream$/;
const BUILD_STREAM = /^\/v1\/resources\/([^/]+)\/([^/]+)\/([^/]+)\/stream$/;

/** FNV-1a: a stable, well-spread 32-bit hash, the same on every Worker instance. */
export function subjectHash(subject: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < subject.length; i++) h = Math.imul(h ^ subject.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // the relay answers the 404
  }
};

export type ObjectRoute = { binding: 'RELAY'; name: string } | { binding: typeof FANOUT_BINDING; name: string };

/**
 * @param env the Worker's bindings: without a fan-out namespace (or with an invalid SITEWIRE_FANOUTS,
 * which the relay object then reports) every request goes to the relay.
 * @param random where `/v1/stream` lands; any fan-out can serve any stream.
 */
export function routeRequest(request: Request, env: Record<string, unknown>, random = Math.random): ObjectRoute {
  const relay = { binding: 'RELAY', name: RELAY_OBJECT } as const;
  if (!env[FANOUT_BINDING]) return relay;
  const { pathname } = new URL(request.url);
  const build = BUILD_STREAM.exec(pathname);
  if (!build && !ALL_EVENTS.test(pathname)) return relay;
  let count: number;
  try {
    count = fanoutCount(env);
  } catch (err) {
    if (err instanceof ConfigError) return relay;
    throw err;
  }
  const index = build
    ? subjectHash(build.slice(1).map(decoded).join('/')) % count
    : Math.min(count - 1, Math.floor(random() * count));
  return { binding: FANOUT_BINDING, name: fanoutName(index) };
}
