/**
 * Warpweb and Lindo status APIs for the workers tests, built on the
 * simulators' own build models (src/simulators/*-builds.ts): each poll moves
 * the build one scripted step, so what the relay sees does not depend on
 * how fast the machine is.
 */
import { env } from 'cloudflare:workers';
import { workflowBody, type SimWorkflow } from '../../src/simulators/lindo-builds';
import { siteBody, type SimSite } from '../../src/simulators/warpweb-builds';
import type { Outbound } from './outbound';

export const WARPWEB_API = 'http://127.0.0.1:9/warpweb';
export const LINDO_API = 'http://127.0.0.1:9/lindo';

/**
 * One answer per poll; the last repeats. A number is a point of the build (0..1 of its duration);
 * a function makes a whole answer (made when asked: a body made in the test's own request context
 * cannot be read in the object's).
 */
export type Step = number | (() => Response);

function stepper(
  steps: Step[],
  body: (at: number) => Record<string, unknown> | null,
  start: number,
  durationMs: number,
) {
  let n = 0;
  return (): Response => {
    const step = steps[Math.min(n++, steps.length - 1)]!;
    if (typeof step === 'function') return step();
    return Response.json(body(start + Math.round(step * durationMs)));
  };
}

const authorized = (req: Request, key: string) => req.headers.get('authorization') === `Bearer ${key}`;

/** GET /v1/sites/:id of one Warpweb site, answering the steps in turn. */
export function warpwebSite(outbound: Outbound, id: string, steps: Step[], outcome: SimSite['outcome'] = 'complete') {
  const start = Date.now() - 60_000;
  const site: SimSite = {
    id,
    slug: `brookside-${id.slice(0, 6)}`,
    businessName: 'Brookside Plumbing',
    durationMs: 60_000,
    outcome,
    startAt: start,
    drop: false,
  };
  const next = stepper(steps, (at) => siteBody(site, at), start, site.durationMs);
  outbound.route((req) => {
    if (req.url !== `${WARPWEB_API}/v1/sites/${id}`) return undefined;
    return authorized(req, env.WARPWEB_API_KEY)
      ? next()
      : Response.json({ error: 'Invalid or revoked API key' }, { status: 401 });
  });
  return { polls: () => outbound.to(`${WARPWEB_API}/v1/sites/${id}`), site };
}

/** GET /v1/ai/workspace/page/status/:id of one Lindo page workflow, answering the steps in turn. */
export function lindoPage(outbound: Outbound, id: string, steps: Step[]) {
  const start = Date.now() - 60_000;
  const w: SimWorkflow = {
    id,
    kind: 'page',
    durationMs: 60_000,
    scheduledMs: 10_000,
    outcome: 'complete',
    pages: 5,
    shape: 'nested',
    idName: 'record_id',
    pollAfterMs: 20,
    error: '',
    startAt: start,
    hint: true,
    businessName: 'Brookside Plumbing',
    websiteId: `web_${id}`,
    pageId: `page_${id}`,
    blogId: `blog_${id}`,
  };
  const url = `${LINDO_API}/v1/ai/workspace/page/status/${id}`;
  const next = stepper(steps, (at) => workflowBody(w, at), start, w.durationMs);
  outbound.route((req) => {
    if (req.url !== url) return undefined;
    return authorized(req, env.LINDO_API_KEY)
      ? next()
      : Response.json({ error: { code: 'unauthorized', message: 'Bad key' } }, { status: 403 });
  });
  return { polls: () => outbound.to(url), workflow: w };
}

/**
 * Lindo page workflows answered one by one (GET) or together (POST .../page/status/batch): each
 * workflow moves one step per answer that names it. A batch's ids that are not these are left out
 * of its answer (other tests' watches stay due, untouched).
 */
export function lindoPageBatch(outbound: Outbound, ids: string[], steps: number[]) {
  const start = Date.now() - 60_000;
  const answered = new Map(ids.map((id) => [id, 0]));
  const body = (id: string) => {
    const n = answered.get(id)!;
    answered.set(id, n + 1);
    const step = steps[Math.min(n, steps.length - 1)]!;
    const w: SimWorkflow = {
      id,
      kind: 'page',
      durationMs: 60_000,
      scheduledMs: 10_000,
      outcome: 'complete',
      pages: 5,
      shape: 'flat',
      idName: 'record_id',
      pollAfterMs: 20,
      error: '',
      startAt: start,
      hint: false,
      businessName: 'Brookside Plumbing',
      websiteId: `web_${id}`,
      pageId: `page_${id}`,
      blogId: `blog_${id}`,
    };
    return workflowBody(w, start + Math.round(step * w.durationMs))!;
  };
  const batchUrl = `${LINDO_API}/v1/ai/workspace/page/status/batch`;
  outbound.route(async (req) => {
    if (!authorized(req, env.LINDO_API_KEY)) return undefined;
    if (req.method === 'POST' && req.url === batchUrl) {
      const asked = ((await req.json()) as { record_ids: string[] }).record_ids;
      const items = asked.filter((id) => answered.has(id)).map((id) => body(id));
      return Response.json({ success: true, done: false, status: 'running', items });
    }
    const id = req.url.startsWith(`${LINDO_API}/v1/ai/workspace/page/status/`) ? req.url.split('/').pop()! : '';
    return answered.has(id) ? Response.json(body(id)) : undefined;
  });
  return {
    /** The batch calls that named any of these workflows, with the ids they asked about. */
    batches: () =>
      outbound
        .to(batchUrl)
        .map((c) => (JSON.parse(c.body) as { record_ids: string[] }).record_ids)
        .filter((asked) => asked.some((id) => answered.has(id))),
    answers: (id: string) => answered.get(id)!,
  };
}
