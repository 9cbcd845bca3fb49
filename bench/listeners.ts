/**
 * Many SSE listeners on node:http, parsed just enough to time each event:
 * frames are found by their blank line and named by the site id in their
 * subject (`warpweb/site/bench-<k>`), so no JSON is parsed per delivery.
 */
import { request, type ClientRequest } from 'node:http';

const MARK = '"subject":"warpweb/site/bench-';

export interface Listeners {
  closeAll(): void;
  /** Connections that ended while the run still needed them (a relay cuts off a client that falls behind). */
  dropped(): number;
}

/** Opens n listeners (a few at a time) and resolves once each has its stream open. */
export async function openListeners(
  url: string,
  n: number,
  headers: Record<string, string>,
  onEvent: (k: number, at: number) => void,
): Promise<Listeners> {
  const requests: ClientRequest[] = [];
  let dropped = 0;
  let closing = false;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        res.setEncoding('latin1');
        let buf = '';
        let opened = false;
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buf += chunk;
          let start = 0;
          for (let end = buf.indexOf('\n\n', start); end >= 0; end = buf.indexOf('\n\n', start)) {
            const m = buf.indexOf(MARK, start);
            if (m >= 0 && m < end) onEvent(parseInt(buf.slice(m + MARK.length, m + MARK.length + 12), 10), at);
            else if (!opened && buf.startsWith('retry:', start)) {
              opened = true;
              resolve();
            }
            start = end + 2;
          }
          buf = buf.slice(start);
        });
        res.on('close', () => {
          if (!closing) dropped += 1;
        });
        res.on('error', () => {}); // counted as dropped on close
        if (!opened && res.complete) reject(new Error('stream ended before it opened'));
      });
      req.on('error', (err) => (closing ? undefined : reject(err)));
      req.end();
      requests.push(req);
    });
  for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, open));
  return {
    closeAll() {
      closing = true;
      for (const r of requests) r.destroy();
    },
    dropped: () => dropped,
  };
}
