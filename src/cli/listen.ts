/**
 * `sitewire listen`: the local-development bridge. Reads the relay's SSE
 * stream and re-delivers each event, in order, to a local URL with Standard
 * Webhooks signatures. EventSource resumes with Last-Event-ID after a
 * disconnect, so a relay restart loses and repeats nothing.
 */
import { EventSource } from 'eventsource';
import { newSecret } from '../core/standard-webhooks';
import { eventIdOf, formatForwardLine, forwardEvent, type StreamedEvent } from './forward';
import { LISTEN_USAGE, ListenUsageError, parseListenArgs, streamUrl, type ListenOptions } from './listen-args';

const FORWARD_TIMEOUT_MS = 10_000;
/** Event ids already forwarded, remembered to drop a repeat should the stream ever send one. */
const REMEMBERED = 10_000;

/** EventSource only dispatches named events to listeners of that name: see every message instead. */
class AllEvents extends EventSource {
  onAny: (e: MessageEvent) => void = () => {};
  override dispatchEvent(event: Event): boolean {
    if (event instanceof MessageEvent) this.onAny(event);
    return super.dispatchEvent(event);
  }
}

export function runListen(o: ListenOptions, out: (line: string) => void, err: (line: string) => void): { close(): void; done: Promise<number> } {
  const secret = o.secret ?? newSecret();
  out(`sitewire listen: forwarding events from ${o.url} to ${o.forwardTo}`);
  out(`signing secret (verify deliveries with it): ${secret}`);

  const es = new AllEvents(streamUrl(o), {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${o.token}` } }),
  });
  const seen = new Set<string>();
  let queue = Promise.resolve();
  let connectedOnce = false;
  let lastSequence: string | null = o.since === undefined ? null : String(o.since);
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));

  es.onopen = () => {
    if (!connectedOnce) out('ready: waiting for events (Ctrl-C to stop)');
    else err(`reconnected${lastSequence ? `, resuming after event #${lastSequence}` : ''}`);
    connectedOnce = true;
  };
  es.onerror = (e) => {
    if (es.readyState === EventSource.CLOSED) {
      err(`sitewire listen: the relay refused the stream (${e.message ?? 'error'}); check --url and --token`);
      finish(1);
    } else {
      err(`connection lost (${e.message ?? 'closed'}); reconnecting…`);
    }
  };
  es.onAny = (m) => {
    if (m.type === 'error' || m.type === 'open') return;
    const event: StreamedEvent = { sequence: m.lastEventId, type: m.type, json: String(m.data) };
    lastSequence = m.lastEventId || lastSequence;
    const id = eventIdOf(event.json);
    if (id) {
      if (seen.has(id)) return;
      seen.add(id);
      if (seen.size > REMEMBERED) seen.delete(seen.values().next().value!);
    }
    // One at a time, in stream order.
    queue = queue.then(async () => {
      out(formatForwardLine(event, await forwardEvent({ url: o.forwardTo, secret, timeoutMs: FORWARD_TIMEOUT_MS }, event)));
    });
  };

  return {
    close() {
      es.close();
      void queue.then(() => finish(0));
    },
    done,
  };
}

export async function listenCommand(args: string[]): Promise<void> {
  let options: ListenOptions;
  try {
    options = parseListenArgs(args, process.env);
  } catch (e) {
    if (!(e instanceof ListenUsageError)) throw e;
    process.stderr.write(`sitewire listen: ${e.message}\n\n${LISTEN_USAGE}`);
    process.exit(2);
  }
  const session = runListen(options, (l) => console.log(l), (l) => console.error(l));
  process.once('SIGINT', () => session.close());
  process.once('SIGTERM', () => session.close());
  process.exit(await session.done);
}
