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
  /** Warpweb sites: revise the site once its build has ended, then follow the revision instead. */
  revise?: { prompt: string } | { apply_fix_prompts: true };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fields of a watch the command reads. */
interface WatchAnswer {
  id: string;
  provider: string;
  kind: string;
  resource_id: string;
  subject: string;
  state: string;
  status: string | null;
}

/** A JSON POST to the relay; on any refusal one line on stdout and null (the caller exits 2). */
async function post(o: WatchOptions, path: string, body: unknown): Promise<WatchAnswer | null> {
  let res: Response;
  try {
    res = await fetch(`${o.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    // Exit 1 means the build failed: a relay that cannot be reached is a 2, like any refusal.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    o.write(
      `sitewire: cannot reach the relay at ${o.url} (${cause?.code ?? cause?.message ?? (err as Error).message})\n`,
    );
    return null;
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    const issues = (answer?.error?.issues ?? []) as { path: unknown[]; message: string }[];
    const detail = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    o.write(
      `sitewire: ${answer?.error?.code ?? res.status}: ${answer?.error?.message ?? 'the relay refused the request'}${detail ? ` (${detail})` : ''}\n`,
    );
    return null;
  }
  return answer as WatchAnswer;
}

/** Waits for the site's build to end (a revision needs a live site), then asks for the revision. */
async function startRevision(o: WatchOptions, site: WatchAnswer): Promise<WatchAnswer | null> {
  let current = site;
  while (current.state === 'active') {
    await sleep(500);
    const res = await fetch(`${o.url}/v1/watches/${site.id}`, { headers: { authorization: `Bearer ${o.token}` } });
    if (res.ok) current = (await res.json()) as WatchAnswer;
  }
  o.write(`revising ${site.subject} (${current.status ?? current.state})\n`);
  return post(o, `/v1/watches/${site.id}/revisions`, o.revise);
}

export async function runWatch(o: WatchOptions): Promise<number> {
  const auth = { authorization: `Bearer ${o.token}` };
  const site = await post(o, '/v1/watches', { provider: o.provider, id: o.id, kind: o.kind });
  if (!site) return 2;
  const watch = o.revise ? await startRevision(o, site) : site;
  if (!watch) return 2;
  const kind = watch.kind as string;
  o.write(`watching ${watch.subject} (watch ${watch.id})\n`);
  const streamUrl = `${o.url}/v1/resources/${watch.provider}/${kind}/${encodeURIComponent(watch.resource_id)}/stream`;
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
        const code = exitCodeFor(event, kind);
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
       sitewire watch warpweb <site id> (--revise "<prompt>" | --fix) [--url <relay>] [--token <token>]

Creates a watch on one build and shows it live on stdout (status, phase,
message, a progress bar when the provider counts pages) until it ends.
--kind defaults to site; --url to SITEWIRE_URL or http://$HOST:$PORT
(127.0.0.1:8787); --token to SITEWIRE_TOKEN, SITEWIRE_ADMIN_TOKEN, or the
token in the local database.

--revise "<prompt>" (or --fix: the warnings' fix prompts) waits for a Warpweb
site's build to end, asks Warpweb for that revision, and follows the revision
instead: exit 0 when it completes, 1 when it fails, 2 when Warpweb asks a
question (revision.clarification_needed) or refuses it (revision_queue_full).

exit status:
  0  the build completed
  1  the build failed
  2  usage error; the relay gave up (deadline, refused credentials), refused
     the watch, or could not be reached
`,
    options: {
      kind: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      revise: { type: 'string' },
      fix: { type: 'boolean' },
    },
    operands: ['provider', 'id'],
  },
  run({ values, operands }) {
    const v = values as { kind?: string; url?: string; token?: string; revise?: string; fix?: boolean };
    const [provider, id] = operands as [string, string];
    return runWatch({
      ...relayTarget(v),
      provider,
      id,
      kind: v.kind ?? 'site',
      revise: v.fix ? { apply_fix_prompts: true } : v.revise !== undefined ? { prompt: v.revise } : undefined,
      write: (t) => process.stdout.write(t),
      tty: !!process.stdout.isTTY,
    });
  },
};
