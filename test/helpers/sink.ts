/** A webhook receiver on 127.0.0.1: records every request and answers as the test says. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Responder = (req: Received, index: number) => Answer | Promise<Answer>;

export interface Sink {
  url: string;
  received: Received[];
  /** Replaces how the sink answers from now on. */
  respond(fn: Responder): void;
  /** The event bodies received (parsed), in arrival order. */
  events(): { id: string; type: string; subject: string; sequence: string; data: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startSink(responder: Responder = () => ({ status: 204 })): Promise<Sink> {
  let answer = responder;
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const r: Received = {
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(r);
      const a = await answer(r, received.length - 1);
      if (a.delayMs) await new Promise((done) => setTimeout(done, a.delayMs));
      if (res.destroyed) return;
      res.writeHead(a.status ?? 204, a.headers);
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    respond(fn) {
      answer = fn;
    },
    events: () => received.map((r) => JSON.parse(r.body)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { verifyDelivery } from './verify-delivery';
