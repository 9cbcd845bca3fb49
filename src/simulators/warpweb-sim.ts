/**
 * The Warpweb status API as a real HTTP server (providers.md): GET /v1/sites/:id
 * with Bearer keys, a per-key sliding-window limit with 429 + Retry-After,
 * injectable faults, and signed lifecycle webhooks (some may be dropped).
 */
import type { RateLimit } from '../core/rate-budget';
import { systemClock, type Clock } from './clock';
import { answerWithFault, createFaultQueue } from './faults';
import { json, startSimServer } from './http-server';
import { createSlidingWindows } from './sliding-window';
import { isDropped, siteBody, siteWebhooks, type SimSite, type SiteScript } from './warpweb-builds';
import { sendWarpwebWebhook, type WebhookTarget } from './warpweb-webhooks';

export interface WarpwebSimOptions {
  clock?: Clock;
  apiKey?: string;
  limits?: RateLimit[];
  port?: number;
  webhook?: WebhookTarget | null;
  /** How webhooks are sent (a bench may hand them to an app in-process). */
  fetch?: typeof fetch;
  /** Send due webhooks on a timer (default with the system clock); otherwise call pump(). */
  autoPump?: boolean;
  slowMs?: number;
  retryAfterS?: number;
}

export interface WebhookRecord { type: string; siteId: string; at: number; status: number | 'dropped' | 'error' }

export async function startWarpwebSim(opts: WarpwebSimOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const apiKey = opts.apiKey ?? 'wwk_simulator_key_0000000000000000000000000000';
  const windows = createSlidingWindows(opts.limits ?? [{ limit: 30, windowMs: 60_000 }]);
  const faults = createFaultQueue();
  const sites = new Map<string, SimSite>();
  const progress = new Map<string, number>();
  const webhooks: WebhookRecord[] = [];
  let target = opts.webhook ?? null;
  let counter = 0;

  const server = await startSimServer(clock, async (req, path, key, reply) => {
    const m = /^\/v1\/sites\/([^/]+)$/.exec(path);
    if (req.method !== 'GET' || !m) return reply(404, json({ error: 'Not found' }));
    const now = clock.now();
    if (key !== apiKey) return reply(401, json({ error: 'Invalid or revoked API key' }));
    const verdict = windows.hit(key, now);
    if (!verdict.allowed) {
      const wait = Math.max(1, Math.ceil((verdict.resetAt - now) / 1000));
      return reply(429, json({ error: 'rate_limited', message: 'Rate limit exceeded: 30 requests per minute' }), { 'retry-after': String(wait) });
    }
    const id = decodeURIComponent(m[1]!);
    const site = sites.get(id);
    const body = site && siteBody(site, now);
    const fault = faults.take(id);
    if (fault) {
      const bodies = { unauthorized: { status: 401, body: { error: 'Invalid or revoked API key' } }, notFound: { error: 'Site not found' } };
      return answerWithFault(fault, reply, json(body ?? {}), bodies, opts.slowMs ?? 1500, opts.retryAfterS ?? 2);
    }
    if (!body) return reply(404, json({ error: 'Site not found' }));
    reply(200, json(body));
  }, opts.port);

  let pumping: Promise<void> = Promise.resolve();
  async function pumpNow(): Promise<void> {
    const now = clock.now();
    for (const site of sites.values()) {
      const list = siteWebhooks(site);
      for (let i = progress.get(site.id) ?? 0; i < list.length && list[i]!.at <= now; i++) {
        const w = list[i]!;
        progress.set(site.id, i + 1);
        const rec: WebhookRecord = { type: w.type, siteId: site.id, at: now, status: 'dropped' };
        webhooks.push(rec);
        if (isDropped(site, w.type) || !target) continue;
        try {
          rec.status = await sendWarpwebWebhook(target, { type: w.type, siteId: site.id, occurredAt: w.at, payload: w.payload }, { now, fetch: opts.fetch });
        } catch {
          rec.status = 'error';
        }
      }
    }
  }
  /** Sends every webhook that is due, once, in order. */
  const pump = () => (pumping = pumping.then(pumpNow));
  const timer = opts.autoPump ?? clock === systemClock ? setInterval(() => void pump(), 25) : null;

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    faults,
    webhooks,
    pump,
    setWebhookTarget(t: WebhookTarget | null) {
      target = t;
    },
    addSite(script: SiteScript): string {
      counter += 1;
      const id = script.id ?? crypto.randomUUID();
      const name = script.businessName ?? `Simulated Business ${counter}`;
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${id.slice(0, 6)}`;
      sites.set(id, { id, slug, businessName: name, durationMs: script.durationMs, outcome: script.outcome ?? 'complete', startAt: script.startAt ?? clock.now(), drop: script.drop ?? false });
      return id;
    },
    site: (id: string) => sites.get(id),
    /** Status requests (GET /v1/sites/:id), optionally for one site. */
    statusRequests: (id?: string) => server.requests.filter((r) => r.path.startsWith('/v1/sites/') && (!id || r.path === `/v1/sites/${id}`)),
    async close() {
      if (timer) clearInterval(timer);
      await pumping;
      await server.close();
    },
  };
}

export type WarpwebSim = Awaited<ReturnType<typeof startWarpwebSim>>;
