/**
 * `sitewire watch <provider> <id> [--kind k] [--url u] [--token t]`: creates a
 * watch and shows the build live from its per-build stream until it ends.
 * Exit code 0 complete, 1 failed, 2 the relay gave up or could not be used.
 */
import type { Command } from './command-args';
import { exitCodeFor, statusLine, summary } from './build-line';
import { relayTarget } from './relay-target';
import { readSse } from './sse-reader';

export interface WatchOptions {
  url: string;
  token: string;
  provider: string;
  id: string;
  kind: string;
  write: (text: string) => void;
  /** Rewrite one status line in place (a terminal) rather than print a line per change. */
  tty: boolean;
  reconnectMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWatch(o: WatchOptions): Promise<number> {
  const auth = { authorization: `Bearer ${o.token}` };
  let created: Response;
  try {
    created = await fetch(`${o.url}/v1/watches`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: o.provider, id: o.id, kind: o.kind }),
    });
  } catch (err) {
    // Exit 1 means the build failed: a relay that cannot be reached is a 2, like any refusal.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    o.write(
      `sitewire: cannot reach the relay at ${o.url} (${cause?.code ?? cause?.message ?? (err as Error).message})\n`,
    );
    return 2;
  }
  const watch = await created.json().catch(() => ({}));
  if (!created.ok) {
    const issues = (watch?.error?.issues ?? []) as { path: unknown[]; message: string }[];
    const detail = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    o.write(
      `sitewire: ${watch?.error?.code ?? created.status}: ${watch?.error?.message ?? 'the relay refused the watch'}${detail ? ` (${detail})` : ''}\n`,
    );
    return 2;
  }
  o.write(`watching ${watch.subject} (watch ${watch.id})\n`);
  const streamUrl = `${o.url}/v1/resources/${o.provider}/${o.kind}/${encodeURIComponent(o.id)}/stream`;
  let last: string | null = null;
  let line = '';
  for (;;) {
    let res: Response;
    try {
      res = await fetch(streamUrl, {
        headers: { ...auth, accept: 'text/event-stream', ...(last ? { 'last-event-id': last } : {}) },
      });
    } catch {
      await sleep(o.reconnectMs ?? 1000);
      continue;
    }
    if (!res.ok || !res.body) {
      o.write(`\nsitewire: the stream answered ${res.status}\n`);
      return 2;
    }
    try {
      for await (const m of readSse(res.body)) {
        if (m.id) last = m.id;
        const event = JSON.parse(m.data);
        const next = statusLine(event);
        if (next !== line) o.write(o.tty ? `\r\x1b[2K${next}` : `${next}\n`);
        line = next;
        const code = exitCodeFor(event, o.kind);
        if (code !== null) {
          o.write(`${o.tty ? '\n' : ''}${summary(event).join('\n')}\n`);
          return code;
        }
      }
    } catch {
      // The connection broke: resume from the last id.
    }
    await sleep(o.reconnectMs ?? 1000);
  }
}

export const WATCH_COMMAND: Command = {
  spec: {
    name: 'watch',
    summary: 'follow one build live until it ends (exit 0 complete, 1 failed)',
    usage: `usage: sitewire watch <provider> <id> [--kind site|revision|page|blog] [--url <relay>] [--token <token>]

Creates a watch on one build and shows it live on stdout (status, phase,
message, a progress bar when the provider counts pages) until it ends.
--kind defaults to site; --url to SITEWIRE_URL or http://$HOST:$PORT
(127.0.0.1:8787); --token to SITEWIRE_TOKEN, SITEWIRE_ADMIN_TOKEN, or the
token in the local database.

exit status:
  0  the build completed
  1  the build failed
  2  usage error; the relay gave up (deadline, refused credentials), refused
     the watch, or could not be reached
`,
    options: { kind: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
    operands: ['provider', 'id'],
  },
  run({ values, operands }) {
    const v = values as { kind?: string; url?: string; token?: string };
    const [provider, id] = operands as [string, string];
    return runWatch({
      ...relayTarget(v),
      provider,
      id,
      kind: v.kind ?? 'site',
      write: (t) => process.stdout.write(t),
      tty: !!process.stdout.isTTY,
    });
  },
};
