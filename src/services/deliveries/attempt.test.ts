/** One delivery attempt against a stand-in receiver: what is sent, and the report each kind of answer makes. */
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../core/standard-webhooks';
import { VERSION } from '../../version';
import { attemptDelivery, EXCERPT_BYTES, type AttemptDeps, type AttemptRequest } from './attempt';
import type { TargetGuard } from './target-guard';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const AT = Date.parse('2026-05-18T12:00:00.000Z');
const req: AttemptRequest = {
  url: 'https://hooks.example.com/in',
  secrets: [SECRET],
  eventId: 'evt_1',
  body: '{"id":"evt_1"}',
  at: AT,
};
const allow: TargetGuard = async () => ({ ok: true });

function receiver(answer: (request: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request);
    return answer(request);
  }) as typeof globalThis.fetch;
  return { seen, deps: (guard = allow, timeoutMs = 5_000): AttemptDeps => ({ fetch, guard, timeoutMs }) };
}

/** A receiver that never answers: the request ends only when its signal aborts. */
const hangUntilAborted = (request: Request) =>
  new Promise<Response>((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason));
  });

describe('attemptDelivery', () => {
  it('POSTs the stored bytes signed with Standard Webhooks headers, without following redirects', async () => {
    const r = receiver(() => new Response('thanks', { status: 200 }));
    const report = await attemptDelivery(r.deps(), req);
    expect(report).toMatchObject({
      result: { kind: 'response', status: 200, retryAfter: null },
      statusCode: 200,
      error: null,
    });
    expect(report.responseExcerpt).toBe('thanks');
    const sent = r.seen[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.redirect).toBe('manual');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.headers.get('user-agent')).toBe(`sitewire/${VERSION}`);
    expect(sent.headers.get('webhook-id')).toBe('evt_1');
    expect(sent.headers.get('webhook-timestamp')).toBe(String(AT / 1000));
    const body = await sent.text();
    expect(body).toBe(req.body);
    const headers = {
      'webhook-id': sent.headers.get('webhook-id')!,
      'webhook-timestamp': sent.headers.get('webhook-timestamp')!,
      'webhook-signature': sent.headers.get('webhook-signature')!,
    };
    expect(await verifySignature(SECRET, headers, body)).toBe(true);
  });

  it('reports a refusal with its status, Retry-After and an excerpt of the answer', async () => {
    const r = receiver(() => new Response('busy', { status: 503, headers: { 'retry-after': '120' } }));
    const report = await attemptDelivery(r.deps(), req);
    expect(report).toMatchObject({
      result: { kind: 'response', status: 503, retryAfter: '120' },
      statusCode: 503,
      error: 'HTTP 503',
      responseExcerpt: 'busy',
    });
  });

  it('keeps at most EXCERPT_BYTES of a long answer', async () => {
    const r = receiver(() => new Response('x'.repeat(EXCERPT_BYTES * 10), { status: 500 }));
    expect((await attemptDelivery(r.deps(), req)).responseExcerpt).toBe('x'.repeat(EXCERPT_BYTES));
  });

  it('an empty answer has no excerpt', async () => {
    const r = receiver(() => new Response(null, { status: 204 }));
    expect(await attemptDelivery(r.deps(), req)).toMatchObject({ statusCode: 204, error: null, responseExcerpt: null });
  });

  it('a forbidden target is not contacted', async () => {
    const r = receiver(() => new Response('never'));
    const guard: TargetGuard = async () => ({ ok: false, kind: 'forbidden', reason: 'resolves to 10.0.0.1 (private)' });
    const message = 'forbidden_target: resolves to 10.0.0.1 (private)';
    expect(await attemptDelivery(r.deps(guard), req)).toMatchObject({
      result: { kind: 'forbidden', message },
      statusCode: null,
      error: message,
    });
    expect(r.seen).toEqual([]);
  });

  it('a host that does not resolve is a network failure', async () => {
    const r = receiver(() => new Response('never'));
    const guard: TargetGuard = async () => ({ ok: false, kind: 'unresolved', reason: 'ENOTFOUND' });
    expect(await attemptDelivery(r.deps(guard), req)).toMatchObject({
      result: { kind: 'network', message: 'unresolved: ENOTFOUND' },
      error: 'unresolved: ENOTFOUND',
    });
    expect(r.seen).toEqual([]);
  });

  it('a connection error names its cause', async () => {
    const r = receiver(() => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    });
    expect(await attemptDelivery(r.deps(), req)).toMatchObject({
      result: { kind: 'network', message: 'fetch failed: ECONNREFUSED' },
      statusCode: null,
      error: 'fetch failed: ECONNREFUSED',
    });
  });

  it('a receiver that does not answer in time is a timeout', async () => {
    const r = receiver(hangUntilAborted);
    expect(await attemptDelivery(r.deps(allow, 20), req)).toMatchObject({
      result: { kind: 'timeout' },
      statusCode: null,
      error: 'timed out after 20 ms',
    });
  });

  it('a relay shutting down aborts the attempt instead of reporting it', async () => {
    const stop = new AbortController();
    let reached!: () => void;
    const contacted = new Promise<void>((resolve) => (reached = resolve));
    const r = receiver((request) => (reached(), hangUntilAborted(request)));
    const attempt = attemptDelivery(r.deps(), req, stop.signal);
    await contacted;
    stop.abort(new Error('closing'));
    await expect(attempt).rejects.toThrow('closing');
  });
});
