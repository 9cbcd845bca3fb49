// A subscriber endpoint for sitewire: verifies each delivery's Standard
// Webhooks signature with the `standardwebhooks` package, skips repeats by
// webhook-id (delivery is at-least-once), and answers 204 quickly.
//
//   npm install standardwebhooks
//   SITEWIRE_WEBHOOK_SECRET=whsec_... PORT=8788 node webhook-receiver.mjs
//
// Then create a subscription pointing at it:
//   curl -X POST http://127.0.0.1:8787/v1/subscriptions -H "Authorization: Bearer $TOKEN" \
//     -d '{"url":"http://127.0.0.1:8788/","types":["site.*"]}'
// (the answer carries the secret; a relay in production refuses private
// addresses unless SITEWIRE_ALLOW_PRIVATE_TARGETS=true).
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';

const MAX_BODY_BYTES = 1024 * 1024;
const REMEMBERED_IDS = 10_000;

/** Answers the relay's deliveries; calls onEvent once per event id. */
export function createReceiver({ secret, onEvent }) {
  const webhook = new Webhook(secret);
  // In production keep these in your database, next to what onEvent wrote.
  const seen = new Set();

  return createServer((req, res) => {
    if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST' }).end();
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', async () => {
      // Verify the exact bytes received: re-serialized JSON would not match the signature.
      const body = Buffer.concat(chunks).toString('utf8');
      let event;
      try {
        event = webhook.verify(body, req.headers);
      } catch {
        return res.writeHead(401).end('invalid signature');
      }
      const id = req.headers['webhook-id'];
      if (seen.has(id)) return res.writeHead(204).end();
      try {
        await onEvent(event);
      } catch (err) {
        console.error('handling failed; the relay will retry', err);
        return res.writeHead(500).end();
      }
      seen.add(id);
      if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value);
      res.writeHead(204).end();
    });
  });
}

// Run directly: print every event.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const secret = process.env.SITEWIRE_WEBHOOK_SECRET;
  if (!secret) {
    console.error('set SITEWIRE_WEBHOOK_SECRET to the subscription secret (whsec_...)');
    process.exit(1);
  }
  const server = createReceiver({
    secret,
    onEvent: (e) => console.log(`${e.type} ${e.subject} #${e.sequence} ${e.data?.status ?? ''}`.trim()),
  });
  server.listen(Number(process.env.PORT ?? 8788), process.env.HOST ?? '127.0.0.1', () => {
    const { address, port } = server.address();
    console.log(`listening on http://${address}:${port}/`);
  });
}
