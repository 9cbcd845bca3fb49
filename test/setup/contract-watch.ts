/**
 * Wraps an app's fetch so that each answer is checked against the document
 * after it is sent; for a relay in another process (the CLI, wrangler dev),
 * this process's fetch to its origin is checked the same way.
 */
import { appendFileSync } from 'node:fs';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { createApp } from '../../src/http/create-app';

type App = ReturnType<typeof createApp>;
import { createContractCheck, type Answer, type ContractCheck, type OpenApiDocument } from '../helpers/contract';

let check: Promise<ContractCheck> | undefined;
const pending = new Set<Promise<void>>();
let violations: string[] = [];
/** SITEWIRE_CONTRACT_LOG=<file>: list violations there instead of failing (to survey the whole suite). */
const logFile = process.env.SITEWIRE_CONTRACT_LOG;

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

/** Takes what the check needs at once (the caller may read the body next), then reads the copy. */
function answerOf(req: Request, res: Response): Promise<Answer> {
  const path = new URL(req.url).pathname;
  // The Node SSE sink wrote a 200 event stream to the socket itself (see runtime/node-sse-sink.ts).
  if (res === RESPONSE_ALREADY_SENT)
    return Promise.resolve({ method: req.method, path, status: 200, contentType: 'text/event-stream' });
  const contentType = res.headers.get('content-type');
  const copy = JSON_TYPE.test(contentType ?? '') && req.method !== 'HEAD' ? res.clone() : undefined;
  return (copy ? copy.text() : Promise.resolve(undefined)).then((body) => ({
    method: req.method,
    path,
    status: res.status,
    contentType,
    body,
  }));
}

function record(problem: string | null) {
  if (!problem) return;
  if (logFile) appendFileSync(logFile, `${problem}\n`);
  else violations.push(problem);
}

export function watchContract(app: App): App {
  const fetch = app.fetch;
  check ??= Promise.resolve(fetch(new Request('http://localhost/openapi.json')))
    .then((r) => r.json() as Promise<OpenApiDocument>)
    .then(createContractCheck);
  app.fetch = (req, env, ctx) => {
    const answer = Promise.resolve(fetch(req, env, ctx)).then((res) => ({ res, answer: answerOf(req, res) }));
    const done = answer
      .then(async ({ answer }) => record((await check!)(await answer)))
      .catch((err: unknown) => record(`${req.method} ${req.url}: the check itself failed: ${String(err)}`))
      .finally(() => pending.delete(done));
    pending.add(done);
    return answer.then(({ res }) => res);
  };
  return app;
}

/** The violations seen so far (after waiting for the checks under way), and a clean slate. */
export async function takeContractViolations(): Promise<string[]> {
  await Promise.all([...pending]);
  const taken = violations;
  violations = [];
  return taken;
}

const origins = new Map<string, ContractCheck>();
// The fetch before any wrapping, also when an earlier test file in this worker already wrapped it.
const UNTOUCHED = Symbol.for('sitewire.untouchedFetch');
type Marked = typeof fetch & { [UNTOUCHED]?: typeof fetch };
const untouchedFetch: typeof fetch = (globalThis.fetch as Marked)[UNTOUCHED] ?? globalThis.fetch;

/** A relay in another process: its document is read now, while it is known to be up. */
export async function watchOrigin(url: string): Promise<void> {
  const origin = new URL(url).origin;
  const doc = (await (await untouchedFetch(`${origin}/openapi.json`)).json()) as OpenApiDocument;
  origins.set(origin, createContractCheck(doc));
}

const urlOf = (input: RequestInfo | URL) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** The global fetch, checking the answers of watched origins. */
export const checkingFetch: typeof fetch = (input, init) => {
  const url = new URL(urlOf(input));
  const originCheck = origins.get(url.origin);
  const out = untouchedFetch(input, init);
  if (!originCheck) return out;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const req = new Request(url, { method });
  const answer = out.then((res) => ({ res, answer: answerOf(req, res) }));
  const done = answer
    .then(async ({ answer }) => record(originCheck(await answer)))
    .catch(() => {}) // a request that failed got no answer to check
    .finally(() => pending.delete(done));
  pending.add(done);
  return answer.then(({ res }) => res);
};
(checkingFetch as Marked)[UNTOUCHED] = untouchedFetch;
