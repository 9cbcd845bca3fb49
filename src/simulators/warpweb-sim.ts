/**
 * The Warpweb status API as a real HTTP server (docs/provider-notes.md#warpweb-status-api): GET /v1/sites/:id
 * with Bearer keys, a per-key sliding-window limit with 429 + Retry-After,
 * injectable faults, and signed lifecycle webhooks (some may be dropped).
 */
import { startStatusSim, type SimOptions, type StatusApiSpec } from './status-sim';
import { isDropped, siteBody, siteWebhooks, type SimSite, type SiteScript } from './warpweb-builds';
import { sendWarpwebWebhook, type WebhookTarget } from './warpweb-webhooks';

export interface WarpwebSimOptions extends SimOptions {
  webhook?: WebhookTarget | null;
}

export interface WebhookRecord {
  type: string;
  siteId: string;
  at: number;
  status: number | 'dropped' | 'error';
}

const INVALID_KEY = { error: 'Invalid or revoked API key' };

export async function startWarpwebSim(opts: WarpwebSimOptions = {}) {
  const sites = new Map<string, SimSite>();
  const progress = new Map<string, number>();
  const webhooks: WebhookRecord[] = [];
  let target = opts.webhook ?? null;
  let counter = 0;

  const api: StatusApiSpec = {
    apiKey: 'wwk_simulator_key_0000000000000000000000000000',
    limits: [{ limit: 30, windowMs: 60_000 }],
    route(path) {
      const m = /^\/v1\/sites\/([^/]+)$/.exec(path);
      if (!m) return null;
      const id = decodeURIComponent(m[1]!);
      const site = sites.get(id);
      return { id, body: (now) => site && siteBody(site, now) };
    },
    refuse: (key, apiKey) => (key !== apiKey ? { status: 401, body: INVALID_KEY } : null),
    noRoute: { error: 'Not found' },
    limited: { error: 'rate_limited', message: 'Rate limit exceeded: 30 requests per minute' },
    faults: { unauthorized: { status: 401, body: INVALID_KEY }, notFound: { error: 'Site not found' } },
  };

  async function sendDue(now: number): Promise<void> {
    for (const site of sites.values()) {
      const list = siteWebhooks(site);
      for (let i = progress.get(site.id) ?? 0; i < list.length && list[i]!.at <= now; i++) {
        const w = list[i]!;
        progress.set(site.id, i + 1);
        const rec: WebhookRecord = { type: w.type, siteId: site.id, at: now, status: 'dropped' };
        webhooks.push(rec);
        if (isDropped(site, w.type) || !target) continue;
        try {
          rec.status = await sendWarpwebWebhook(
            target,
            { type: w.type, siteId: site.id, occurredAt: w.at, payload: w.payload },
            { now, fetch: opts.fetch },
          );
        } catch {
          rec.status = 'error';
        }
      }
    }
  }
  const { clock, ...sim } = await startStatusSim(opts, api, sendDue);

  return {
    ...sim,
    webhooks,
    setWebhookTarget(t: WebhookTarget | null) {
      target = t;
    },
    addSite(script: SiteScript): string {
      counter += 1;
      const id = script.id ?? crypto.randomUUID();
      const name = script.businessName ?? `Simulated Business ${counter}`;
      const slug = `${name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}-${id.slice(0, 6)}`;
      sites.set(id, {
        id,
        slug,
        businessName: name,
        durationMs: script.durationMs,
        outcome: script.outcome ?? 'complete',
        startAt: script.startAt ?? clock.now(),
        drop: script.drop ?? false,
      });
      return id;
    },
    site: (id: string) => sites.get(id),
    /** Status requests (GET /v1/sites/:id), optionally for one site. */
    statusRequests: (id?: string) =>
      sim.requests.filter((r) => r.path.startsWith('/v1/sites/') && (!id || r.path === `/v1/sites/${id}`)),
  };
}

export type WarpwebSim = Awaited<ReturnType<typeof startWarpwebSim>>;
