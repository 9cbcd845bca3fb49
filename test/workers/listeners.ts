/** SSE listeners for the fan-out tests: open through the Worker, read a known number of events, resume. */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { relayFetch } from './relay';
import { readSse } from './sse';

export interface Listener {
  path: string;
  /** A stream token (then no admin header). */
  token?: string;
}

const headersFor = (l: Listener, lastEventId?: string): Record<string, string> => ({
  ...(l.token ? {} : { authorization: `Bearer ${env.SITEWIRE_ADMIN_TOKEN}` }),
  ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
});

const urlFor = (l: Listener) =>
  l.token ? `${l.path}${l.path.includes('?') ? '&' : '?'}access_token=${l.token}` : l.path;

export async function open(l: Listener, lastEventId?: string) {
  const res = await relayFetch(urlFor(l), { headers: headersFor(l, lastEventId) });
  expect(res.status).toBe(200);
  const sse = readSse(res, 20_000);
  expect(await sse.next()).toEqual({ retry: '2000' });
  return sse;
}

export interface Seen {
  id: string;
  event: string;
  eventId: string;
}

/**
 * Reads `count` events from an open stream; with `resumeAfter`, drops the connection after that many
 * and reconnects with the last id seen (the Worker may route it to another fan-out).
 */
export async function collect(
  l: Listener,
  first: Awaited<ReturnType<typeof open>>,
  count: number,
  resumeAfter?: number,
): Promise<Seen[]> {
  const seen: Seen[] = [];
  let sse = first;
  while (seen.length < count) {
    if (resumeAfter !== undefined && seen.length === resumeAfter) {
      await sse.close();
      sse = await open(l, seen.at(-1)!.id);
      resumeAfter = undefined;
    }
    const msg = await sse.nextEvent();
    seen.push({ id: msg.id, event: msg.event, eventId: JSON.parse(msg.data).id });
  }
  await sse.close();
  return seen;
}
