/** A loopback HTTP server for a simulator, with a request log tests count against. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock';

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  status: number;
  key: string | null;
}

export interface SimServer {
  url: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

export type Reply = (status: number, body: string, headers?: Record<string, string>) => void;
export type SimHandler = (req: IncomingMessage, path: string, key: string | null, reply: Reply) => void | Promise<void>;

export const bearer = (req: IncomingMessage): string | null =>
  /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;

export async function startSimServer(clock: Clock, handler: SimHandler, port = 0): Promise<SimServer> {
  const requests: LoggedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const entry: LoggedRequest = { at: clock.now(), method: req.method ?? 'GET', path, status: 0, key: bearer(req) };
    requests.push(entry);
    const reply: Reply = (status, body, headers = {}) => {
      entry.status = status;
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    Promise.resolve(handler(req, path, entry.key, reply)).catch((err) =>
      reply(500, JSON.stringify({ error: String(err) })),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const json = (v: unknown) => JSON.stringify(v);
