/**
 * What the Warpweb and Lindo simulators share: a status API that checks the
 * key, counts the request against per-key sliding windows (429 with
 * Retry-After beyond them), answers injected faults before the real answer,
 * and a pump that sends due webhooks in order, on a timer or when asked.
 */
import type { RateLimit } from '../core/rate-budget';
import { systemClock, type Clock } from './clock';
import { answerWithFault, createFaultQueue, type FaultBodies } from './faults';
import { json, startSimServer } from './http-server';
import { createSlidingWindows, type WindowVerdict } from './sliding-window';

export interface SimOptions {
  clock?: Clock;
  apiKey?: string;
  limits?: RateLimit[];
  port?: number;
  /** How webhooks are sent (a bench may hand them to an app in-process). */
  fetch?: typeof fetch;
  /** Send due webhooks on a timer (default with the system clock); otherwise call pump(). */
  autoPump?: boolean;
  slowMs?: number;
  retryAfterS?: number;
}

/** One provider's status API: its defaults, its routes, and its answers. */
export interface StatusApiSpec {
  apiKey: string;
  limits: RateLimit[];
  /** The resource a GET path asks about and its status body at `now` (null: no such resource); null for an unknown path. */
  route(path: string): { id: string; body(now: number): unknown } | null;
  /**
   * A POST the API answers (Lindo's batch status, Warpweb's site actions), counted like a GET: the id its faults are
   * injected under (null: never faulted), and its answer.
   */
  post?(
    path: string,
  ): { id: string | null; answer(request: unknown, now: number): { status: number; body: unknown } } | null;
  /** The answer to a missing or wrong key, or null when the key is good. */
  refuse(key: string | null, apiKey: string): { status: number; body: unknown } | null;
  /** What an unknown path gets (404). */
  noRoute: unknown;
  /** What a 429 says. */
  limited: unknown;
  /** Rate headers on answers that counted (Lindo sends X-RateLimit-*). */
  rateHeaders?(verdict: WindowVerdict): Record<string, string>;
  /** The 401 fault and the 404 of a resource that does not exist. */
  faults: FaultBodies;
}

/** A request's JSON body; undefined when it is not JSON. */
async function readJson(req: AsyncIterable<unknown>): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function startStatusSim(opts: SimOptions, spec: StatusApiSpec, sendDue: (now: number) => Promise<void>) {
  const clock = opts.clock ?? systemClock;
  const apiKey = opts.apiKey ?? spec.apiKey;
  const windows = createSlidingWindows(opts.limits ?? spec.limits);
  const faults = createFaultQueue();

  const server = await startSimServer(
    clock,
    async (req, path, key, reply) => {
      const found = req.method === 'GET' ? spec.route(path) : null;
      const posted = req.method === 'POST' ? (spec.post?.(path) ?? null) : null;
      if (!found && !posted) return reply(404, json(spec.noRoute));
      const request = posted ? await readJson(req) : undefined;
      const refusal = spec.refuse(key, apiKey);
      if (refusal) return reply(refusal.status, json(refusal.body));
      const now = clock.now();
      const verdict = windows.hit(key!, now);
      const rate = spec.rateHeaders?.(verdict) ?? {};
      if (!verdict.allowed) {
        const wait = Math.max(1, Math.ceil((verdict.resetAt - now) / 1000));
        return reply(429, json(spec.limited), { ...rate, 'retry-after': String(wait) });
      }
      const faultId = found ? found.id : posted!.id;
      const fault = faultId === null ? null : faults.take(faultId);
      const slowMs = opts.slowMs ?? 1500;
      if (posted) {
        const answer = posted.answer(request, now);
        if (fault) return answerWithFault(fault, reply, json(answer.body), spec.faults, slowMs, opts.retryAfterS ?? 2);
        return reply(answer.status, json(answer.body), rate);
      }
      const body = found!.body(now);
      if (fault) return answerWithFault(fault, reply, json(body ?? {}), spec.faults, slowMs, opts.retryAfterS ?? 2);
      if (!body) return reply(404, json(spec.faults.notFound));
      reply(200, json(body), rate);
    },
    opts.port,
  );

  let pumping: Promise<void> = Promise.resolve();
  /** Sends every webhook that is due, once, in order. */
  const pump = () => (pumping = pumping.then(() => sendDue(clock.now())));
  const timer = (opts.autoPump ?? clock === systemClock) ? setInterval(() => void pump(), 25) : null;

  return {
    clock,
    url: server.url,
    apiKey,
    requests: server.requests,
    faults,
    pump,
    async close() {
      if (timer) clearInterval(timer);
      await pumping;
      await server.close();
    },
  };
}
