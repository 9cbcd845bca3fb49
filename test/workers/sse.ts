/** A minimal SSE reader over a fetch Response body (workerd has no EventSource client). */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

function parse(block: string): SseMessage {
  const msg: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) msg.comment = line.slice(1).trim();
    const m = /^(id|event|data|retry): ?(.*)$/.exec(line);
    if (m) msg[m[1] as 'id' | 'event' | 'data' | 'retry'] = m[2]!;
  }
  return msg;
}

export function readSse(res: Response, timeoutMs = 5_000) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';

  async function next(): Promise<SseMessage> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parse(block);
      }
      let timer: ReturnType<typeof setTimeout> | null = null;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no SSE message within ${timeoutMs} ms`)), timeoutMs);
      });
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('stream ended');
      buffer += chunk.value;
    }
  }

  return {
    next,
    /** The next event message, skipping heartbeats and the retry hint. */
    async nextEvent(): Promise<SseMessage & { id: string; event: string; data: string }> {
      for (;;) {
        const msg = await next();
        if (msg.data !== undefined) return msg as SseMessage & { id: string; event: string; data: string };
      }
    },
    close: () => reader.cancel(),
  };
}
