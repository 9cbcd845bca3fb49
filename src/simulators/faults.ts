/**
 * Injectable status-API faults (docs/provider-notes.md#faults-the-tests-inject): the next requests
 * (optionally only those about one resource) get these answers instead of the
 * real one, in order.
 */
import type { Reply } from './http-server';

export const FAULTS = ['500', '429', 'slow', 'truncated', 'wrong_shape', 'html', '401', '404'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultBodies {
  unauthorized: { status: number; body: unknown };
  notFound: unknown;
}

export function createFaultQueue() {
  const queue: { fault: Fault; id: string | null }[] = [];
  return {
    inject(fault: Fault, opts: { count?: number; id?: string } = {}): void {
      for (let i = 0; i < (opts.count ?? 1); i++) queue.push({ fault, id: opts.id ?? null });
    },
    take(id: string): Fault | null {
      const i = queue.findIndex((f) => f.id === null || f.id === id);
      return i < 0 ? null : queue.splice(i, 1)[0]!.fault;
    },
    get pending(): number {
      return queue.length;
    },
  };
}

export type FaultQueue = ReturnType<typeof createFaultQueue>;

/**
 * Answers with the fault. `real` is the body the request would have had
 * (truncated and slow use it). Resolves when the answer is sent.
 */
export async function answerWithFault(
  fault: Fault,
  reply: Reply,
  real: string,
  bodies: FaultBodies,
  slowMs: number,
  retryAfterS: number,
): Promise<void> {
  switch (fault) {
    case '500':
      return reply(500, JSON.stringify({ error: 'Internal server error' }));
    case '429':
      return reply(429, JSON.stringify({ error: 'rate_limited', message: 'Too many requests' }), {
        'retry-after': String(retryAfterS),
      });
    case 'slow':
      await new Promise((r) => setTimeout(r, slowMs));
      return reply(200, real);
    case 'truncated':
      return reply(200, real.slice(0, Math.max(1, Math.floor(real.length / 2))));
    case 'wrong_shape':
      return reply(200, JSON.stringify({ data: { state: 'ok' }, items: [] }));
    case 'html':
      return reply(200, '<!DOCTYPE html><html><body><h1>We will be back soon</h1></body></html>', {
        'content-type': 'text/html',
      });
    case '401':
      return reply(bodies.unauthorized.status, JSON.stringify(bodies.unauthorized.body));
    case '404':
      return reply(404, JSON.stringify(bodies.notFound));
  }
}
