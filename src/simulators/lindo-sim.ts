/**
 * The Lindo status API as a real HTTP server (docs/provider-notes.md#lindo-status-api): one status
 * endpoint per workflow kind and the batch endpoint (lindo-batch.ts), 401 missing / 403 invalid keys,
 * 100/min and 1000/h per key (a batch counts as one request) with 429 + Retry-After + X-RateLimit-*,
 * injectable faults (under the id `batch` for batch requests only), and the unsigned completion
 * webhooks that serve as hints.
 */
import { batchAnswer, type BatchLog } from './lindo-batch';
import { workflowBody, workflowWebhook, type LindoKind, type SimWorkflow, type WorkflowScript } from './lindo-builds';
import { startStatusSim, type SimOptions, type StatusApiSpec } from './status-sim';

export interface LindoSimOptions extends SimOptions {
  /** The relay's Lindo webhook URL, token included. */
  webhookUrl?: string | null;
  /** Serve the batch status endpoint (default true); false answers 404 like an API from before it. */
  batch?: boolean;
  /** The batch answer's shape as a whole (default flat). */
  batchShape?: 'flat' | 'nested';
}

const ROUTE = /^\/v1\/ai\/workspace\/(website\/edit|website|page|blog)\/status\/([^/]+)$/;
const BATCH_ROUTE = /^\/v1\/ai\/workspace\/(website|page|blog)\/status\/batch$/;
const KIND_OF: Record<string, LindoKind> = { 'website/edit': 'edit', website: 'website', page: 'page', blog: 'blog' };
const NOT_FOUND = { error: { code: 'not_found', message: 'Workflow not found' } };
const MISSING_KEY = { error: 'Unauthorized', message: 'Missing API key' };

export async function startLindoSim(opts: LindoSimOptions = {}) {
  const flows = new Map<string, SimWorkflow>();
  const hinted = new Set<string>();
  const webhooks: { event: string; id: string; at: number; status: number | 'error' | 'none' }[] = [];
  let webhookUrl = opts.webhookUrl ?? null;
  let counter = 0;
  let batchOn = opts.batch ?? true;
  const batches: BatchLog[] = [];
  const batchOpts = { shape: opts.batchShape ?? 'flat', omit: new Map<string, number>() } as const;

  const api: StatusApiSpec = {
    apiKey: 'lindo_sk_simulator_key',
    limits: [
      { limit: 100, windowMs: 60_000 },
      { limit: 1000, windowMs: 3_600_000 },
    ],
    route(path) {
      const m = ROUTE.exec(path);
      if (!m) return null;
      const id = decodeURIComponent(m[2]!);
      const flow = flows.get(id);
      return { id, body: (now) => (flow && flow.kind === KIND_OF[m[1]!] ? workflowBody(flow, now) : null) };
    },
    post(path) {
      const m = batchOn ? BATCH_ROUTE.exec(path) : null;
      if (!m) return null;
      const kind = KIND_OF[m[1]!]!;
      return {
        id: 'batch',
        answer(request, now) {
          const answer = batchAnswer(flows, kind, request, now, batchOpts);
          const ids = (request as { record_ids?: unknown })?.record_ids;
          batches.push({ at: now, kind, ids: Array.isArray(ids) ? ids.map(String) : [] });
          return answer;
        },
      };
    },
    refuse(key, apiKey) {
      if (!key) return { status: 401, body: MISSING_KEY };
      return key === apiKey
        ? null
        : { status: 403, body: { success: false, errors: [{ code: 'forbidden', message: 'Invalid API key' }] } };
    },
    noRoute: NOT_FOUND,
    limited: { error: { code: 'rate_limited', message: 'Too many requests' } },
    rateHeaders: (v) => ({
      'x-ratelimit-limit': String(v.limit),
      'x-ratelimit-remaining': String(v.remaining),
      'x-ratelimit-reset': String(Math.ceil(v.resetAt / 1000)),
    }),
    faults: { unauthorized: { status: 401, body: MISSING_KEY }, notFound: NOT_FOUND },
  };

  async function sendDue(now: number): Promise<void> {
    for (const flow of flows.values()) {
      const hook = workflowWebhook(flow);
      if (!hook || hook.at > now || hinted.has(flow.id)) continue;
      hinted.add(flow.id);
      const rec = { event: String(hook.body.event), id: flow.id, at: now, status: 'none' as number | 'error' | 'none' };
      webhooks.push(rec);
      if (!webhookUrl) continue;
      try {
        const res = await (opts.fetch ?? fetch)(
          new Request(webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'LindoAI-Webhooks/1.0' },
            body: JSON.stringify(hook.body),
          }),
        );
        await res.arrayBuffer();
        rec.status = res.status;
      } catch {
        rec.status = 'error';
      }
    }
  }
  const { clock, ...sim } = await startStatusSim(opts, api, sendDue);

  return {
    ...sim,
    webhooks,
    setWebhookUrl(url: string | null) {
      webhookUrl = url;
    },
    addWorkflow(script: WorkflowScript): string {
      counter += 1;
      const id = script.id ?? `rec_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const tag = id.replace(/^rec_/, '');
      flows.set(id, {
        id,
        kind: script.kind,
        durationMs: script.durationMs,
        scheduledMs: script.scheduledMs ?? Math.round(0.15 * script.durationMs),
        outcome: script.outcome ?? 'complete',
        pages: script.pages ?? 5,
        shape: script.shape ?? 'flat',
        idName: script.idName ?? 'record_id',
        pollAfterMs: script.pollAfterMs ?? 2000,
        error: script.error ?? 'Insufficient credits: daily limit reached',
        startAt: script.startAt ?? clock.now(),
        hint: script.hint ?? true,
        businessName: script.businessName ?? `Lindo Business ${counter}`,
        websiteId: `web_${tag}`,
        pageId: `pg_${tag}`,
        blogId: `blg_${tag}`,
      });
      return id;
    },
    workflow: (id: string) => flows.get(id),
    /** Status requests, single and batch; with an id, only that workflow's GETs. */
    statusRequests: (id?: string) =>
      sim.requests.filter((r) => r.path.includes('/status/') && (!id || r.path.endsWith(`/${id}`))),
    /** Batch requests as asked (ids, kind), in order; their statuses are in `requests`. */
    batches,
    batchRequests: () => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/status/batch')),
    /** Serve the batch endpoint or answer 404 as an API from before it. */
    setBatchSupported(on: boolean) {
      batchOn = on;
    },
    /** The next `times` batch answers that ask about this id leave it out. */
    omitFromBatch(id: string, times = 1) {
      batchOpts.omit.set(id, times);
    },
  };
}

export type LindoSim = Awaited<ReturnType<typeof startLindoSim>>;
