/**
 * The Warpweb status API as a real HTTP server (docs/provider-notes.md#warpweb-status-api): GET /v1/sites/:id
 * with Bearer keys, a per-key sliding-window limit with 429 + Retry-After,
 * injectable faults, and signed lifecycle webhooks (some may be dropped).
 */
import { startStatusSim, type SimOptions, type StatusApiSpec } from './status-sim';
import { isDropped, siteBody, siteWebhooks, type SimSite, type SiteScript } from './warpweb-builds';
import { sendWarpwebWebhook, type WebhookTarget } from './warpweb-webhooks';
import { REVISION_QUEUE_MS } from './warpweb-revisions';

export interface WarpwebSimOptions extends SimOptions {
  webhook?: WebhookTarget | null;
  /** Refuse every revision with 429 queue_full. */
  revisionQueueFull?: boolean;
}

/** A site action as the simulator received it (revisions carry their prompt). */
export interface ActionRecord {
  action: 'revisions' | 'refresh';
  siteId: string;
  at: number;
  prompt?: string;
  revisionId?: string;
  status: number;
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
  const actions: ActionRecord[] = [];
  let target = opts.webhook ?? null;
  let counter = 0;
  let queueFull = opts.revisionQueueFull ?? false;

  function act(action: ActionRecord['action'], site: SimSite, body: unknown, now: number) {
    const rec: ActionRecord = { action, siteId: site.id, at: now, status: 200 };
    actions.push(rec);
    const answer = (status: number, out: unknown) => {
      rec.status = status;
      return { status, body: out };
    };
    const live = /^complete/.test(String(siteBody(site, now)?.status ?? ''));
    if (action === 'refresh') {
      if (!live) return answer(409, { error: 'Site is not live' });
      site.refreshedAt = now;
      return answer(200, siteBody(site, now));
    }
    const prompt = (body as { prompt?: unknown } | undefined)?.prompt;
    if (typeof prompt !== 'string' || !prompt.trim()) return answer(400, { error: 'prompt is required' });
    rec.prompt = prompt;
    if (queueFull) return answer(429, { error: 'queue_full', message: 'The revision queue is full' });
    const id = crypto.randomUUID();
    rec.revisionId = id;
    const startAt = now + REVISION_QUEUE_MS;
    site.revisions ??= [];
    const revisions = site.revisions;
    const pending = revisions.filter((r) => r.endAt > now).length;
    revisions.push({
      id,
      siteId: site.id,
      prompt,
      requestedAt: now,
      startAt,
      endAt: startAt + (site.revisionMs ?? 5000),
      outcome: site.revisionOutcome ?? 'complete',
    });
    return answer(200, { revisionId: id, status: 'pending', queue_position: pending + 1, queue_total: pending + 1 });
  }

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
    post(path) {
      const m = /^\/v1\/sites\/([^/]+)\/(revisions|refresh)$/.exec(path);
      const site = m ? sites.get(decodeURIComponent(m[1]!)) : undefined;
      // Site actions are never faulted: the status faults a test queues are for its reads.
      return m && site
        ? { id: null, answer: (body, now) => act(m[2] as ActionRecord['action'], site, body, now) }
        : null;
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
        refreshedAt: script.refreshedAt ?? null,
        tier: script.tier ?? 'free_subdomain',
        revisionOutcome: script.revisionOutcome ?? 'complete',
        revisionMs: script.revisionMs ?? 5000,
        revisions: [],
      });
      return id;
    },
    site: (id: string) => sites.get(id),
    /** Status requests (GET /v1/sites/:id), optionally for one site. */
    statusRequests: (id?: string) =>
      sim.requests.filter(
        (r) => r.method === 'GET' && /^\/v1\/sites\/[^/]+$/.test(r.path) && (!id || r.path === `/v1/sites/${id}`),
      ),
    /** Revision and refresh requests that reached a site (not refused by the key or the rate limit). */
    actions,
    /** Every revision refused with 429 queue_full from now on (or not). */
    setRevisionQueueFull(full: boolean) {
      queueFull = full;
    },
  };
}

export type WarpwebSim = Awaited<ReturnType<typeof startWarpwebSim>>;
