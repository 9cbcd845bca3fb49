/** What `sitewire listen` prints per forward: a line for people (text) or one JSON object per event (json). */
import type { Attempted } from './forward-retry';
import { formatForwardLine, type ForwardResult, type StreamedEvent } from './forward';

export function forwardedText(e: StreamedEvent, r: Attempted, retries: number, printResponse: boolean): string {
  const gaveUp = retries > 0 && r.attempts > 1 && !(r.status !== null && r.status >= 200 && r.status < 300);
  const line = `${formatForwardLine(e, r)}${gaveUp ? `, gave up after ${r.attempts} attempts` : ''}`;
  return printResponse ? `${line}\n${responseText(r)}` : line;
}

export function retryText(e: StreamedEvent, r: ForwardResult, retry: number, retries: number, delayMs: number): string {
  return `${formatForwardLine(e, r)}, retry ${retry} of ${retries} in ${delayMs} ms`;
}

function responseText(r: ForwardResult): string {
  if (r.status === null) return `    (no response: ${r.error})`;
  const body = r.body ?? '';
  return `    HTTP ${r.status}${body ? `\n${body.replace(/^/gm, '    ')}` : ' (empty body)'}`;
}

/** One line: the event as streamed, and how its forward ended. */
export function forwardedJson(e: StreamedEvent, r: Attempted, printResponse: boolean): string {
  let event: unknown;
  try {
    event = JSON.parse(e.json);
  } catch {
    event = e.json;
  }
  const forward = {
    status: r.status,
    error: r.error,
    attempts: r.attempts,
    duration_ms: r.durationMs,
    ...(printResponse ? { response_body: r.body ?? null } : {}),
  };
  return JSON.stringify({ sequence: e.sequence, type: e.type, event, forward });
}
