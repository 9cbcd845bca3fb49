/** The fan-out objects inside workerd: how many listeners each holds, and what each has published. */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { fanoutCount, fanoutName } from '../../src/runtime/object-router';

export const FANOUTS = fanoutCount(env as unknown as Record<string, unknown>);

export const fanoutStub = (index: number) => env.FANOUT.getByName(fanoutName(index));

export interface Held {
  streams: number;
  hub: number;
  lastPublished: number;
}

/** What one fan-out holds. */
export const held = (index: number): Promise<Held> =>
  runInDurableObject(fanoutStub(index), ({ object }) => ({
    streams: object.sse!.size,
    hub: object.fanout!.hub.listenerCount(),
    lastPublished: object.fanout!.lastPublished,
  }));

/** Streams and hub listeners over every fan-out. */
export async function heldByAll(): Promise<{ streams: number; hub: number }> {
  const all = await Promise.all(Array.from({ length: FANOUTS }, (_, i) => held(i)));
  return { streams: all.reduce((n, h) => n + h.streams, 0), hub: all.reduce((n, h) => n + h.hub, 0) };
}
