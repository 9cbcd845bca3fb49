/**
 * The baseline for bench/sse-fanout.ts: a raw node:http SSE fan-out with no
 * persistence, no verification and no backpressure handling. It takes the
 * same webhook body, builds an event of the same shape and size, serializes
 * it once and writes the frame to every listener.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const listeners = new Set<ServerResponse>();
let seq = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/v1/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write('retry: 2000\n\n');
    listeners.add(res);
    res.on('close', () => listeners.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/ingest/warpweb') {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      seq += 1;
      const event = {
        specversion: '1.0',
        id: `evt_${seq}`,
        source: 'sitewire/warpweb',
        type: 'site.complete',
        subject: `warpweb/site/${body.site_id}`,
        time: body.occurred_at,
        datacontenttype: 'application/json',
        sequence: String(seq),
        data: {
          provider: 'warpweb',
          kind: 'site',
          resource_id: body.site_id,
          status: 'complete',
          observed_via: 'webhook',
          raw: body,
        },
      };
      const frame = Buffer.from(`id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      for (const l of listeners) l.write(frame);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"received":true,"duplicate":false,"events":["${event.id}"]}`);
    });
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => {
  console.log(`baseline listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

process.once('SIGTERM', () => process.exit(0));
