import { describe, expect, it } from 'vitest';
import { readSse, type SseMessage } from './sse-reader';

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });

async function readAll(chunks: Uint8Array[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const m of readSse(streamOf(chunks))) out.push(m);
  return out;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readSse', () => {
  it('reads fields, joins data lines and skips comments and retry-only blocks', async () => {
    expect(
      await readAll([bytes('id: 7\nevent: site.complete\ndata: {"a":\ndata: 1}\n\n: ping\n\nretry: 2000\n\n')]),
    ).toEqual([{ id: '7', event: 'site.complete', data: '{"a":\n1}' }]);
  });

  it('defaults the event name and leaves a missing id null', async () => {
    expect(await readAll([bytes('data: x\n\n')])).toEqual([{ id: null, event: 'message', data: 'x' }]);
  });

  // Every line ending, a multi-byte character, a comment and a two-line data field: split at every byte.
  const STREAM = bytes(
    ': hello\r\n\r\n' +
      'id: 1\r\nevent: site.progress\r\ndata: {"step":"é"}\r\n\r\n' +
      'id: 2\revent: site.complete\rdata: a\rdata: b\r\r' +
      'id: 3\nevent: watch.expired\ndata: ✓\n\n' +
      'id: 4\r\ndata: last\r\n\r\n',
  );
  const EXPECTED: SseMessage[] = [
    { id: '1', event: 'site.progress', data: '{"step":"é"}' },
    { id: '2', event: 'site.complete', data: 'a\nb' },
    { id: '3', event: 'watch.expired', data: '✓' },
    { id: '4', event: 'message', data: 'last' },
  ];

  it('reads the stream whole', async () => {
    expect(await readAll([STREAM])).toEqual(EXPECTED);
  });

  it.each(Array.from({ length: STREAM.length - 1 }, (_, i) => i + 1))('reads it split at byte %i', async (at) => {
    expect(await readAll([STREAM.slice(0, at), STREAM.slice(at)])).toEqual(EXPECTED);
  });

  it('reads it one byte at a time', async () => {
    expect(await readAll([...STREAM].map((b) => Uint8Array.of(b)))).toEqual(EXPECTED);
  });
});
