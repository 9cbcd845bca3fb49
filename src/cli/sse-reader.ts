/** Server-Sent Events on fetch's body stream, parsed by eventsource-parser (CR, LF and CRLF split anywhere). */
import { createParser } from 'eventsource-parser';

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const parsed: SseMessage[] = [];
  const parser = createParser({
    onEvent: (m) => parsed.push({ id: m.id ?? null, event: m.event ?? 'message', data: m.data }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* parsed.splice(0);
  }
}
