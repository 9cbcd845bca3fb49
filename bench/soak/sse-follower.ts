/**
 * An SSE client that follows the stream across relay crashes: on any error it
 * reconnects with Last-Event-ID, as EventSource does, and records every event
 * id it receives so duplicates and gaps can be counted.
 */
import { ADMIN_TOKEN } from '../../test/helpers/relay';

export function followStream(url: string) {
  const ids: string[] = [];
  const seqs: number[] = [];
  let last = 0;
  let stopped = false;
  let reconnects = 0;
  let abort = new AbortController();
  void (async () => {
    while (!stopped) {
      try {
        const res = await fetch(`${url}/v1/stream`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'last-event-id': String(last) },
          signal: abort.signal,
        });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const decoder = new TextDecoder();
        let buf = '';
        for await (const chunk of res.body) {
          buf += decoder.decode(chunk as Uint8Array, { stream: true });
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const id = /^id: (\d+)$/m.exec(frame);
            const data = /^data: (.*)$/m.exec(frame);
            if (!id || !data) continue;
            last = Number(id[1]);
            seqs.push(last);
            ids.push((JSON.parse(data[1]!) as { id: string }).id);
          }
        }
      } catch {
        // The relay went away (or we stopped): reconnect from the last id.
      }
      if (!stopped) {
        reconnects += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return {
    ids,
    seqs,
    get reconnects() {
      return reconnects;
    },
    stop() {
      stopped = true;
      abort.abort();
      abort = new AbortController();
    },
  };
}
