/**
 * The Worker's routes when resource shards are bound (docs/scaling.md#resource-shards-built): each
 * request about one subject goes to the shard that owns it; a request about every watch, or about
 * a watch known only by its id, asks every shard. Anything this cannot route (a body that is not
 * a webhook, an unknown path) goes where its error is answered as everywhere else: the relay
 * object, or shard 0 for the watches API.
 */
import { plainErrorResponse } from '../http/errors';
import { clientAborted } from '../http/read-body';
import { subjectOf } from '../core/event';
import { mergeExpositions } from '../core/metrics-merge';
import { findProvider } from '../providers';
import { verifyAndParse, webhookPlacement } from '../services/webhook-verify';
import { hintedSubject } from './key-object';
import { fanoutName, RELAY_OBJECT, shardName, shardOf, type TopologyCounts } from './object-router';
import { configOf } from './worker-config';

interface Fetcher {
  fetch(request: Request): Promise<Response>;
}

export interface ShardedEnv {
  RELAY: { getByName(name: string): Fetcher };
  SHARD: { getByName(name: string): Fetcher };
  FANOUT?: { getByName(name: string): { clients(): Promise<number> } };
  [name: string]: unknown;
}

const INGEST = /^\/ingest\/([^/]+)$/;
const WATCHES = '/v1/watches';
const WATCH = /^\/v1\/watches\/([^/]+)(\/[^/]+)?$/;
/** GET /v1/watches' page size when none is asked for (routes/watches.ts). */
const DEFAULT_LIST_LIMIT = 100;
const RESOURCE = /^\/v1\/resources\/([^/]+)\/([^/]+)\/([^/]+)$/;

/** A body read whole; null when the client went away mid-way (the object it goes to then answers that). */
async function bodyOf(request: Request): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return new Uint8Array(await request.arrayBuffer());
  } catch {
    return null;
  }
}

/** `sitewire_sse_clients` as the fan-outs count it: the streams they hold, which the log does not. */
const sseClients = (n: number) =>
  `# HELP sitewire_sse_clients Open Server-Sent-Events connections.\n# TYPE sitewire_sse_clients gauge\nsitewire_sse_clients ${n}\n`;

export function createShardRoutes(env: ShardedEnv, { shards, fanouts }: TopologyCounts) {
  const relay = () => env.RELAY.getByName(RELAY_OBJECT);
  const shard = (i: number) => env.SHARD.getByName(shardName(i));
  const ofSubject = (subject: string) => shard(shardOf(subject, shards));
  const everyShard = <T>(fn: (s: Fetcher) => Promise<T>) =>
    Promise.all(Array.from({ length: shards }, (_, i) => fn(shard(i))));

  /** A webhook: verified and parsed here to learn its subject, then committed by that subject's shard. */
  async function webhook(request: Request, providerName: string): Promise<Response> {
    const provider = findProvider(providerName);
    if (!provider || request.method !== 'POST') return relay().fetch(request);
    const config = configOf(env);
    if (!config || Number(request.headers.get('content-length')) > config.maxBodyBytes) return relay().fetch(request);
    const body = await bodyOf(request);
    if (!body) return plainErrorResponse(clientAborted());
    const again = new Request(request, { body });
    try {
      const req = { body, headers: request.headers, query: new URL(request.url).searchParams };
      const parsed = await verifyAndParse(provider, req, { config, now: Date.now() });
      // A hint named only by an alias goes to the watch that learned it (the key's alias directory).
      return ofSubject((await hintedSubject(env, parsed)) ?? webhookPlacement(parsed)).fetch(again);
    } catch {
      // Refused: the relay object answers it (and counts it) exactly as it would have.
      return relay().fetch(again);
    }
  }

  /** POST /v1/watches: to the shard of the subject it names (an unreadable body: shard 0 says why). */
  async function createWatch(request: Request): Promise<Response> {
    const body = await bodyOf(request);
    if (!body) return plainErrorResponse(clientAborted());
    const text = new TextDecoder().decode(body);
    const again = new Request(request, { body });
    let subject: string | null = null;
    try {
      const b = JSON.parse(text) as { provider?: unknown; kind?: unknown; id?: unknown };
      if (typeof b.provider === 'string' && typeof b.id === 'string')
        subject = subjectOf(b.provider, typeof b.kind === 'string' ? b.kind : 'site', b.id);
    } catch {
      // not JSON: answered by shard 0
    }
    return (subject ? ofSubject(subject) : shard(0)).fetch(again);
  }

  /** GET /v1/watches: each shard's first page, merged in id order (every page is sorted by id). */
  async function listWatches(request: Request): Promise<Response> {
    const answers = await everyShard((s) => s.fetch(new Request(request)));
    const refused = answers.find((a) => a.status !== 200);
    if (refused) return refused;
    const pages = (await Promise.all(answers.map((a) => a.json()))) as {
      data: { id: string }[];
      next_cursor: string | null;
    }[];
    // Each shard has validated the query already, so `limit` is a number in range or absent.
    const limit = Number(new URL(request.url).searchParams.get('limit') ?? DEFAULT_LIST_LIMIT);
    const all = pages.flatMap((p) => p.data).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const data = all.slice(0, limit);
    const more = all.length > limit || pages.some((p) => p.next_cursor !== null);
    return Response.json({ data, next_cursor: more && data.length ? data.at(-1)!.id : null });
  }

  /** A request about one watch: to the shard that has it (found by asking each), else shard 0's 404. */
  async function aboutWatch(request: Request, id: string): Promise<Response> {
    const url = new URL(request.url);
    const probe = () => new Request(`${url.origin}${WATCHES}/${id}`, { headers: request.headers });
    const answers = await everyShard((s) => s.fetch(probe()).then((r) => ({ s, r })));
    const owner = answers.find((a) => a.r.status === 200);
    if (owner && request.method === 'GET' && url.pathname === `${WATCHES}/${id}`) return owner.r;
    return (owner?.s ?? shard(0)).fetch(request);
  }

  /**
   * GET /v1/resources/…: the state as the log knows it (with its sequence) and the watch of the shard
   * that holds the subject (asked of each: a Warpweb revision lives with its site, which its id does
   * not name). Before the log has any event of it, that shard's answer, without a sequence yet.
   */
  async function resource(request: Request): Promise<Response> {
    const [fromLog, fromShards] = await Promise.all([
      relay().fetch(new Request(request)),
      everyShard((s) => s.fetch(new Request(request))),
    ]);
    const holder = fromShards.find((r) => r.status === 200);
    if (!holder) return fromLog;
    const held = (await holder.json()) as Record<string, unknown>;
    if (fromLog.status !== 200)
      return fromLog.status === 404 ? Response.json({ ...held, last_sequence: null, last_event_id: null }) : fromLog;
    return Response.json({ ...((await fromLog.json()) as object), watch: held.watch });
  }

  /** The streams every fan-out holds (one that cannot be asked counts none). */
  const streams = async (): Promise<number> => {
    const namespace = env.FANOUT;
    if (!namespace) return 0;
    const counts = Array.from({ length: fanouts }, (_, i) =>
      namespace
        .getByName(fanoutName(i))
        .clients()
        .catch(() => 0),
    );
    return (await Promise.all(counts)).reduce((a, b) => a + b, 0);
  };

  /** GET /metrics: the log's, every shard's and the fan-outs' stream count, as one exposition. */
  async function metrics(request: Request): Promise<Response> {
    const [fromLog, fromShards, held] = await Promise.all([
      relay().fetch(new Request(request)),
      everyShard((s) => s.fetch(new Request(request))),
      streams(),
    ]);
    if (fromLog.status !== 200) return fromLog;
    const texts = await Promise.all([fromLog, ...fromShards.filter((a) => a.status === 200)].map((a) => a.text()));
    texts.push(sseClients(held));
    return new Response(mergeExpositions(texts), { headers: { 'content-type': fromLog.headers.get('content-type')! } });
  }

  return {
    /** The answer for a request the shards serve, or null when the request goes elsewhere. */
    route(request: Request): Promise<Response> | null {
      const { pathname } = new URL(request.url);
      const ingest = INGEST.exec(pathname);
      if (ingest) return webhook(request, ingest[1]!);
      if (pathname === WATCHES)
        return request.method === 'POST'
          ? createWatch(request)
          : request.method === 'GET'
            ? listWatches(request)
            : shard(0).fetch(request);
      const watch = WATCH.exec(pathname);
      if (watch) return aboutWatch(request, watch[1]!);
      const res = RESOURCE.exec(pathname);
      if (res && request.method === 'GET') return resource(request);
      if (pathname === '/metrics' && request.method === 'GET') return metrics(request);
      return null;
    },
  };
}
