/**
 * The relay's outbound HTTP (provider polls, subscriber deliveries), stubbed:
 * the Durable Object runs in the test isolate and its relay calls the global
 * fetch at call time, so a spy on it answers for the providers and receivers.
 */
import { vi } from 'vitest';

export interface OutboundCall {
  url: string;
  method: string;
  /** Date.now() when the relay sent it (workerd's clock, the one the relay reads too). */
  at: number;
  headers: Record<string, string>;
  body: string;
}

/** Answers a request, or undefined to leave it to the next route. */
export type Route = (req: Request, call: OutboundCall) => Response | undefined | Promise<Response | undefined>;

export function stubOutbound() {
  const calls: OutboundCall[] = [];
  const routes: Route[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const call: OutboundCall = {
      url: req.url,
      method: req.method,
      at: Date.now(),
      headers: Object.fromEntries(req.headers),
      body: req.method === 'GET' ? '' : await req.clone().text(),
    };
    calls.push(call);
    for (const route of routes) {
      const res = await route(req, call);
      if (res) return res;
    }
    // Nothing here may reach the network; a transient fault keeps unrouted polls harmless.
    return Response.json({ error: 'not stubbed' }, { status: 503 });
  });
  return {
    calls,
    route(r: Route): void {
      routes.push(r);
    },
    /** Calls whose URL starts with a prefix, in order. */
    to: (prefix: string) => calls.filter((c) => c.url.startsWith(prefix)),
  };
}

export type Outbound = ReturnType<typeof stubOutbound>;
