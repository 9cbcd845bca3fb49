/**
 * The routing table of the Workers deployment, in one place
 * (docs/scaling.md#the-routing-table): which object owns a subject (its
 * resource shard), a provider API key (its poller), a stream (its fan-out),
 * and which object serves a request. SSE streams go to a fan-out object — a
 * build's stream by the hash of its subject, `/v1/stream` spread across them
 * — and everything else to the relay object, which is also the log.
 */
import { z } from 'zod';
import { ConfigError, int, parseEnv } from '../env-values';

export const RELAY_OBJECT = 'relay';
/** The Durable Object namespace of the fan-out objects (wrangler.toml). */
export const FANOUT_BINDING = 'FANOUT';
/** The Durable Object namespace of the resource shards (wrangler.toml); without it the relay object is the one shard. */
export const SHARD_BINDING = 'SHARD';
/** The Durable Object namespace of the provider API keys' objects (wrangler.toml): budgets and alias directories. */
export const POLLER_BINDING = 'POLLER';
/**
 * Each committed batch costs the relay one RPC per fan-out (a subrequest of the request or alarm that
 * wrote it), so their number stays well inside an invocation's subrequest limit.
 */
export const MAX_FANOUTS = 32;
export const DEFAULT_FANOUTS = 2;
/**
 * The log's forwarding alarm may call each shard back once per run; 128 keeps that inside an
 * invocation's subrequest limit with room for the fan-outs and the Queue.
 */
export const MAX_SHARDS = 128;
export const DEFAULT_SHARDS = 4;

const topologyVars = z.object({
  SITEWIRE_SHARDS: int(1, MAX_SHARDS).default(DEFAULT_SHARDS),
  SITEWIRE_FANOUTS: int(1, MAX_FANOUTS).default(DEFAULT_FANOUTS),
});

export interface TopologyCounts {
  shards: number;
  fanouts: number;
}

/** SITEWIRE_SHARDS and SITEWIRE_FANOUTS, or a ConfigError naming the first bad one (the one-line form of every variable). */
export function topologyCounts(env: Record<string, unknown>): TopologyCounts {
  const { SITEWIRE_SHARDS, SITEWIRE_FANOUTS } = parseEnv(topologyVars, env).values;
  return { shards: SITEWIRE_SHARDS, fanouts: SITEWIRE_FANOUTS };
}

/** SITEWIRE_FANOUTS, or a ConfigError naming it. */
export const fanoutCount = (env: Record<string, unknown>): number => topologyCounts(env).fanouts;

/**
 * The shards that hold resource state: SITEWIRE_SHARDS with the `SHARD` namespace bound, else the
 * relay object alone (what `GET /healthz` reports).
 */
export const activeShards = (env: Record<string, unknown>): number =>
  env[SHARD_BINDING] ? topologyCounts(env).shards : 1;

export const fanoutName = (index: number): string => `fanout-${index}`;
export const shardName = (index: number): string => `shard-${index}`;

/** FNV-1a: a stable, well-spread 32-bit hash, the same on every Worker instance. */
export function subjectHash(subject: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < subject.length; i++) h = Math.imul(h ^ subject.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The shard that owns a subject (`provider/kind/id`). A subject's state lives on its shard, so the
 * count is pinned once data exists (docs/scaling.md#changing-the-shard-count).
 */
export const shardOf = (subject: string, shards: number): number => subjectHash(subject) % shards;

/** The fan-out that holds a build's streams. */
export const fanoutOf = (subject: string, fanouts: number): number => subjectHash(subject) % fanouts;

/**
 * The poller object of one provider API key: named by a SHA-256 of the key, never the key itself
 * (object names show in the dashboard and in logs), so each key has exactly one budget.
 */
export async function pollerName(provider: string, apiKey: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${provider}\n${apiKey}`));
  const hex = Array.from(new Uint8Array(digest).slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
  return `poller-${provider}-${hex}`;
}

const ALL_EVENTS = /^\/v1\/stream$/;
const BUILD_STREAM = /^\/v1\/resources\/([^/]+)\/([^/]+)\/([^/]+)\/stream$/;

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // the relay answers the 404
  }
};

export type ObjectRoute = { binding: 'RELAY'; name: string } | { binding: typeof FANOUT_BINDING; name: string };

/**
 * @param env the Worker's bindings: without a fan-out namespace (or with an invalid topology count,
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
    ? fanoutOf(build.slice(1).map(decoded).join('/'), count)
    : Math.min(count - 1, Math.floor(random() * count));
  return { binding: FANOUT_BINDING, name: fanoutName(index) };
}
