/** An SSE listener on the `eventsource` package, recording every message of the given types. */
import { EventSource } from 'eventsource';

export interface Received {
  seq: number;
  type: string;
  lastEventId: string;
  event: {
    id: string;
    sequence: string;
    type: string;
    subject: string;
    provider: string;
    data: Record<string, unknown>;
  };
}

export interface Listener {
  es: EventSource;
  messages: Received[];
  errors: number;
  opened: Promise<void>;
  seqs(): number[];
  close(): void;
}

export function listen(url: string, opts: { token: string; types: string[]; lastEventId?: string }): Listener {
  const messages: Received[] = [];
  const es = new EventSource(url, {
    fetch: (input, init) => {
      const headers: Record<string, string> = {
        ...(init?.headers as Record<string, string>),
        authorization: `Bearer ${opts.token}`,
      };
      // The package sends its own Last-Event-ID on reconnects; the first connect may carry ours.
      if (opts.lastEventId !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'last-event-id')) {
        headers['last-event-id'] = opts.lastEventId;
      }
      return fetch(input, { ...init, headers });
    },
  });
  const listener: Listener = {
    es,
    messages,
    errors: 0,
    opened: new Promise((resolve, reject) => {
      es.addEventListener('open', () => resolve(), { once: true });
      es.addEventListener('error', (e) => reject(e), { once: true });
    }),
    seqs: () => messages.map((m) => m.seq),
    close: () => es.close(),
  };
  es.addEventListener('error', () => void (listener.errors += 1));
  for (const type of opts.types) {
    es.addEventListener(type, (m) => {
      const event = JSON.parse(m.data);
      messages.push({ seq: Number(event.sequence), type: m.type, lastEventId: m.lastEventId, event });
    });
  }
  return listener;
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
