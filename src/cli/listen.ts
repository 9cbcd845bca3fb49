/**
 * `sitewire listen`: the local-development bridge. Reads the relay's SSE stream and re-delivers each
 * event, in order, to a local URL with Standard Webhooks signatures. It resumes with Last-Event-ID after a
 * disconnect (and, with --state-file, after a restart of listen itself), so nothing is lost or repeated.
 */
import { newSecret } from '../core/standard-webhooks';
import { EXIT, type Command } from './command-args';
import { eventIdOf, forwardEvent, type ForwardResult, type StreamedEvent } from './forward';
import { forwardWithRetry } from './forward-retry';
import { LISTEN, listenOptions, streamUrl, type ListenOptions } from './listen-args';
import { forwardedJson, forwardedText, retryText } from './listen-output';
import { followStream } from './relay-stream';
import { readStateFile, writeStateFile } from './state-file';

const FORWARD_TIMEOUT_MS = 10_000;
/** Event ids already forwarded, remembered to drop a repeat should the stream ever send one. */
const REMEMBERED = 10_000;

export interface ListenSession {
  close(): void;
  /** The exit code: 0 once closed and the forward under way finished, 1 when the relay refused the stream. */
  done: Promise<number>;
}

/** `out` is stdout (data), `err` stderr (notices); in text mode the banner is data too, as it always was. */
export function runListen(o: ListenOptions, out: (line: string) => void, err: (line: string) => void): ListenSession {
  const secret = o.secret ?? newSecret();
  const banner = o.format === 'json' ? err : out;
  const resumeFrom = o.since ?? (o.stateFile ? readStateFile(o.stateFile) : undefined);
  banner(`sitewire listen: forwarding events from ${o.url} to ${o.forwardTo}`);
  banner(`signing secret (verify deliveries with it): ${secret}`);
  if (resumeFrom && o.since === undefined) banner(`resuming after event #${resumeFrom} (from ${o.stateFile})`);

  const stopping = new AbortController();
  const seen = new Set<string>();
  let queue = Promise.resolve();
  const target = { url: o.forwardTo, secret, timeoutMs: FORWARD_TIMEOUT_MS, readBody: o.printResponse };

  const forward = async (event: StreamedEvent) => {
    if (stopping.signal.aborted) return;
    const policy = { retries: o.retries, baseMs: o.retryBaseMs };
    const onRetry = (failed: ForwardResult, retry: number, ms: number) => {
      if (o.format === 'text') out(retryText(event, failed, retry, o.retries, ms));
    };
    const r = await forwardWithRetry(() => forwardEvent(target, event), policy, stopping.signal, onRetry);
    const json = o.format === 'json';
    out(json ? forwardedJson(event, r, o.printResponse) : forwardedText(event, r, o.retries, o.printResponse));
    // Stopped between tries: this event was not settled, so a restart must forward it again.
    const settled = !stopping.signal.aborted || r.attempts > o.retries || (r.status !== null && r.status < 300);
    if (o.stateFile && event.sequence && settled) writeStateFile(o.stateFile, event.sequence);
  };

  const stream = { url: streamUrl({ ...o, since: undefined }), token: o.token, heartbeatMs: o.heartbeatMs };
  const refused = followStream(
    { ...stream, lastEventId: resumeFrom, signal: stopping.signal },
    {
      onOpen(first, resumedAfter) {
        if (first) banner('ready: waiting for events (Ctrl-C to stop)');
        else err(`reconnected${resumedAfter ? `, resuming after event #${resumedAfter}` : ''}`);
      },
      onLost(reason) {
        err(`connection lost (${reason}); reconnecting…`);
      },
      onMessage(m) {
        // Not an event to forward: the relay says some were pruned before this client could read them.
        if (m.event === 'sitewire.gap') return err(`events were pruned before they could be read: ${m.data}`);
        const event: StreamedEvent = { sequence: m.id ?? '', type: m.event, json: m.data };
        const id = eventIdOf(event.json);
        if (id) {
          if (seen.has(id)) return;
          seen.add(id);
          if (seen.size > REMEMBERED) seen.delete(seen.values().next().value!);
        }
        // One at a time, in stream order.
        queue = queue.then(() => forward(event));
      },
    },
  );

  const done = refused.then(async (why) => {
    if (why === null) {
      await queue;
      return EXIT.ok;
    }
    err(`sitewire listen: the relay refused the stream (${why}); check --url and --token`);
    stopping.abort();
    return EXIT.failed;
  });
  return { close: () => stopping.abort(), done };
}

export const LISTEN_COMMAND: Command = {
  spec: LISTEN,
  async run({ values }) {
    const session = runListen(
      listenOptions(values, process.env),
      (l) => console.log(l),
      (l) => console.error(l),
    );
    process.once('SIGINT', () => session.close());
    process.once('SIGTERM', () => session.close());
    return session.done;
  },
};
