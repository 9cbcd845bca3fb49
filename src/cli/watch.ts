/**
 * `sitewire watch <provider> <id> [--kind k] [--url u] [--token t]`: creates a
 * watch and shows the build live from its per-build stream until it ends.
 * Exit code 0 complete, 1 failed, 2 the relay gave up or could not be used.
 */
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
    o.write(`sitewire: cannot reach the relay at ${o.url} (${cause?.code ?? cause?.message ?? (err as Error).message})\n`);
    return 2;
  }
  const watch = await created.json().catch(() => ({}));
  if (!created.ok) {
    const issues = (watch?.error?.issues ?? []) as { path: unknown[]; message: string }[];
    const detail = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    o.write(`sitewire: ${watch?.error?.code ?? created.status}: ${watch?.error?.message ?? 'the relay refused the watch'}${detail ? ` (${detail})` : ''}\n`);
    return 2;
  }
  o.write(`watching ${watch.subject} (watch ${watch.id})\n`);
  const streamUrl = `${o.url}/v1/resources/${o.provider}/${o.kind}/${encodeURIComponent(o.id)}/stream`;
  let last: string | null = null;
  let line = '';
  for (;;) {
    let res: Response;
    try {
      res = await fetch(streamUrl, { headers: { ...auth, accept: 'text/event-stream', ...(last ? { 'last-event-id': last } : {}) } });
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

export async function watchCommand(args: string[]): Promise<void> {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) flags.set(a.slice(2), args[++i] ?? '');
    else positional.push(a);
  }
  const [provider, id] = positional;
  if (!provider || !id) {
    console.error('usage: sitewire watch <provider> <id> [--kind site|revision|page|blog] [--url <relay>] [--token <admin token>]');
    process.exit(2);
  }
  const target = relayTarget(flags);
  const code = await runWatch({
    ...target,
    provider,
    id,
    kind: flags.get('kind') ?? 'site',
    write: (t) => process.stdout.write(t),
    tty: !!process.stdout.isTTY,
  });
  process.exit(code);
}
