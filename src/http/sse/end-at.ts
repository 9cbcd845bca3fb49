/**
 * Ends an event stream at a deadline: a stream opened with a stream token
 * lasts no longer than the token. The close is clean, so the client's
 * reconnect meets the expired token (401) and a page fetches a fresh one.
 */
export function endEventStreamAt(res: Response, deadline: number, now: number): Response {
  const body = res.body;
  if (!body || !res.headers.get('content-type')?.startsWith('text/event-stream')) return res;
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
  };
  const out = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        timer = setTimeout(() => {
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
          reader.cancel('stream token expired').catch(() => {});
        }, Math.max(0, deadline - now));
      },
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (err) {
          stopTimer();
          throw err;
        }
        try {
          if (chunk.done) {
            stopTimer();
            controller.close();
          } else controller.enqueue(chunk.value);
        } catch {
          // closed by the deadline while this read was pending
        }
      },
      cancel(reason) {
        stopTimer();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(out, { status: res.status, headers: res.headers });
}
