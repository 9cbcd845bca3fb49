/** Re-delivers one streamed event to a local URL, signed like a subscription delivery. */
import { traceparentOf } from '../core/event';
import { signHeaders } from '../core/standard-webhooks';
import { VERSION } from '../version';

export interface ForwardResult {
  /** The event id (webhook-id), or null when the data was not an event. */
  eventId: string | null;
  status: number | null;
  error: string | null;
  durationMs: number;
  /** The receiver's answer body (at most RESPONSE_LIMIT bytes), when asked for. */
  body?: string;
}

const RESPONSE_LIMIT = 64 * 1024;

export interface StreamedEvent {
  /** The SSE id: the event's sequence. */
  sequence: string;
  type: string;
  /** The event JSON exactly as streamed (the signed bytes). */
  json: string;
}

/** The event id in streamed event JSON, or null when the data is not an event. */
export function eventIdOf(json: string): string | null {
  try {
    const id = (JSON.parse(json) as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

export async function forwardEvent(
  target: { url: string; secret: string; timeoutMs: number; fetch?: typeof fetch; readBody?: boolean },
  e: StreamedEvent,
): Promise<ForwardResult> {
  const started = performance.now();
  const id = eventIdOf(e.json);
  const done = (status: number | null, error: string | null, body?: string): ForwardResult => ({
    eventId: id,
    status,
    error,
    durationMs: Math.round(performance.now() - started),
    ...(body === undefined ? {} : { body }),
  });
  if (!id) return done(null, 'the stream sent data that is not an event');
  const signed = await signHeaders([target.secret], id, Math.floor(Date.now() / 1000), e.json);
  const traceparent = traceparentOf(e.json);
  const base = { 'content-type': 'application/json', 'user-agent': `sitewire-listen/${VERSION}` };
  try {
    const res = await (target.fetch ?? fetch)(target.url, {
      method: 'POST',
      headers: { ...base, ...(traceparent ? { traceparent } : {}), ...signed },
      body: e.json,
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    if (target.readBody) return done(res.status, null, await readCapped(res));
    await res.body?.cancel().catch(() => {});
    return done(res.status, null);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return done(
      null,
      (err as Error).name === 'TimeoutError'
        ? `timed out after ${target.timeoutMs} ms`
        : (cause ?? (err as Error).message),
    );
  }
}

/** One line per forwarded event: when, sequence, type, id, and what the receiver said. */
export function formatForwardLine(e: StreamedEvent, r: ForwardResult, at = new Date()): string {
  const outcome = r.status !== null ? String(r.status) : `error: ${r.error}`;
  return `${at.toISOString()}  #${e.sequence}  ${e.type}  ${r.eventId ?? '-'}  -> ${outcome} (${r.durationMs} ms)`;
}

async function readCapped(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return text.length > RESPONSE_LIMIT ? `${text.slice(0, RESPONSE_LIMIT)}… (truncated)` : text;
}
