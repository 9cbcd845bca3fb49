/**
 * A stream handed off to the object that will hold it (Workers: a fan-out
 * object, docs/scaling.md#sse-on-fan-out-objects-built). The relay's route decides
 * everything a stream needs from the relay — auth, scope, 204 after the
 * terminal event, the build's current state — and answers with this plan
 * instead of a stream; the fan-out that asked opens the stream from it.
 */
import { fromUtf8, utf8 } from '../../core/bytes';
import type { EventStreamOptions } from './event-stream';

/** Marks the relay's answer to a fan-out as a plan (never sent to a client: the fan-out opens the stream). */
export const PLAN_HEADER = 'x-sitewire-stream-plan';

export interface StreamPlan {
  opts: EventStreamOptions;
  /** Frames sent before the events (a build's current state), as text. */
  first: string[];
  /** The relay's newest sequence when the route ran: where a live-only stream starts. */
  lastSeq: number;
}

export type StreamHandOff = (plan: StreamPlan) => Response;

/** Only data crosses objects: the options as the route set them, the frames as text. */
export function handOffPlan(opts: EventStreamOptions, first: Uint8Array[], lastSeq: number): StreamPlan {
  const { filter, scope, afterSeq, endsAt, closeAfter } = opts;
  return { opts: { filter, scope, afterSeq, endsAt, closeAfter }, first: first.map(fromUtf8), lastSeq };
}

export const planResponse: StreamHandOff = (plan) =>
  new Response(JSON.stringify(plan), { headers: { [PLAN_HEADER]: '1', 'content-type': 'application/json' } });

/** The plan in the relay's answer, or null when the answer is for the client as it is (an error, a 204, HEAD). */
export async function readPlan(res: Response): Promise<StreamPlan | null> {
  return res.headers.get(PLAN_HEADER) === '1' ? ((await res.json()) as StreamPlan) : null;
}

export const planFrames = (plan: StreamPlan): Uint8Array[] => plan.first.map(utf8);
