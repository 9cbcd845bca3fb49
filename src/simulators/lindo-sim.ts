/**
 * The Lindo status API as a real HTTP server (providers.md): one status
 * endpoint per workflow kind, 401 missing / 403 invalid keys, 100/min and
 * 1000/h per key with 429 + Retry-After + X-RateLimit-*, injectable faults,
 * and the unsigned completion webhooks that serve as hints.
 */
import type { RateLimit } from '../core/rate-budget';
import { systemClock, type Clock } from './clock';
import { answerWithFault, createFaultQueue } from './faults';
import { json, startSimServer } from './http-server';
import { workflowBody, workflowWebhook, type LindoKind, type SimWorkflow, type WorkflowScript } from './lindo-builds';
import { createSlidingWindows } from './sliding-window';

export interface LindoSimOptions {
  clock?: Clock;
  apiKey?: string;
  limits?: RateLimit[];
  port?: number;
  /** The relay's Lindo webhook URL, token included. */
  webhookUrl?: string | null;
  fetch?: typeof fetch;
  autoPump?: boolean;
  slowMs?: number;
  retryAfterS?: number;
}

const ROUTE = /^\/v1\/ai\/workspace\/(website\/edit|website|page|blog)\/status\/([^/]+)$/;
const KIND_OF: Record<string, LindoKind> = { 'website/edit': 'edit', website: 'website', page: 'page', blog: 'blog' };
const NOT_FOUND = { error: { code: 'not_found', message: 'Workflow not found' } };

export async function startLindoSim(opts: LindoSimOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const apiKey = opts.apiKey ?? 'lindo_sk_simulator_key';
  const limits = opts.limits ?? [{ limit: 100, windowMs: 60_000 }, { limit: 1000, windowMs: 3_600_000 }];
  const windows = createSlidingWindows(limits);
  const faults = createFaultQueue();
  const flows = new Map<string, SimWorkflow>();
  const hinted = new Set<string>();
  const webhooks: { event: string; id: string; at: number; status: number | 'error' | 'none' }[] = [];
  let webhookUrl = opts.webhookUrl ?? null;
  let counter = 0;

  const server = await startSimServer(clock, async (req, path, key, reply) => {
    const m = ROUTE.exec(path);
    if (req.method !== 'GET' || !m) return reply(404, json(NOT_FOUND));
    if (!key) return reply(401, json({ error: 'Unauthorized', message: 'Missing API key' }));
    if (key !== apiKey) return reply(403, json({ success: false, errors: [{ code: 'forbidden', message: 'Invalid API key' }] }));
    const now = clock.now();
    const v = windows.hit(key, now);
    const rate = { 'x-ratelimit-limit': String(v.limit), 'x-ratelimit-remaining': String(v.remaining), 'x-ratelimit-reset': String(Math.ceil(v.resetAt / 1000)) };
    if (!v.allowed) {
      return reply(429, json({ error: { code: 'rate_limited', message: 'Too many requests' } }), { ...rate, 'retry-after': String(Math.max(1, Math.ceil((v.resetAt - now) / 1000))) });
    }
    const id = decodeURIComponent(m[2]!);
    const flow = flows.get(id);
    const body = flow && flow.kind === KIND_OF[m[1]!] ? workflowBody(flow, now) : null;
    const fault = faults.take(id);
    if (fault) {
      const bodies = { unauthorized: { status: 401, body: { error: 'Unauthorized', message: 'Missing API key' } }, notFound: NOT_FOUND };
      return answerWithFault(fault, reply, json(body ?? {}), bodies, opts.slowMs ?? 1500, opts.retryAfterS ?? 2);
    }
    if (!body) return reply(404, json(NOT_FOUND));
    reply(200, json(body), rate);
  }, opts.port);

  let pumping: Promise<void> = Promise.resolve();
  async function pumpNow(): Promise<void> {
    const now = clock.now();
    for (const flow of flows.values()) {
      const hook = workflowWebhook(flow);
      if (!hook || hook.at > now || hinted.has(flow.id)) continue;
      hinted.add(flow.id);
      const rec = { event: String(hook.body.event), id: flow.id, at: now, status: 'none' as number | 'error' | 'none' };
      webhooks.push(rec);
      if (!webhookUrl) continue;
      try {
        const res = await (opts.fetch ?? fetch)(new Request(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'LindoAI-Webhooks/1.0' },
          body: JSON.stringify(hook.body),
        }));
        await res.arrayBuffer();
        rec.status = res.status;
      } catch {
        rec.status = 'error';
      }
    }
  }
  const pump = () => (pumping = pumping.then(pumpNow));
  const timer = opts.autoPump ?? clock === systemClock ? setInterval(() => void pump(), 25) : null;

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    faults,
    webhooks,
    pump,
    setWebhookUrl(url: string | null) {
      webhookUrl = url;
    },
    addWorkflow(script: WorkflowScript): string {
      counter += 1;
      const id = script.id ?? `rec_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const tag = id.replace(/^rec_/, '');
      flows.set(id, {
        id, kind: script.kind, durationMs: script.durationMs, scheduledMs: script.scheduledMs ?? Math.round(0.15 * script.durationMs), outcome: script.outcome ?? 'complete', pages: script.pages ?? 5,
        shape: script.shape ?? 'flat', idName: script.idName ?? 'record_id', pollAfterMs: script.pollAfterMs ?? 2000,
        error: script.error ?? 'Insufficient credits: daily limit reached', startAt: script.startAt ?? clock.now(),
        hint: script.hint ?? true, businessName: script.businessName ?? `Lindo Business ${counter}`,
        websiteId: `web_${tag}`, pageId: `pg_${tag}`, blogId: `blg_${tag}`,
      });
      return id;
    },
    workflow: (id: string) => flows.get(id),
    statusRequests: (id?: string) => server.requests.filter((r) => r.path.includes('/status/') && (!id || r.path.endsWith(`/${id}`))),
    async close() {
      if (timer) clearInterval(timer);
      await pumping;
      await server.close();
    },
  };
}

export type LindoSim = Awaited<ReturnType<typeof startLindoSim>>;
