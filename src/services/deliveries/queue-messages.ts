/**
 * What travels between the object that owns delivery rows and the Queue
 * consumers, and Cloudflare Queues' limits, asserted here: a message is at
 * most 128 KB, a sendBatch at most 100 messages and 256 KB. A body that
 * would not fit goes by reference; the consumer fetches it by RPC.
 */
import type { AttemptReport } from './attempt';

/** Cloudflare Queues: the largest message. */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/** Cloudflare Queues: the most messages in one sendBatch. */
export const MAX_BATCH_MESSAGES = 100;
/** Cloudflare Queues: the most bytes in one sendBatch. */
export const MAX_BATCH_BYTES = 256 * 1024;
/** Room kept for the Queue's own envelope around a message. */
const ENVELOPE_BYTES = 1024;

/** One claimed head, signed ahead: enough to attempt it without any secret. */
export interface DeliveryMessage {
  id: string;
  /** The claim this attempt belongs to; an outcome for another claim is stale and ignored. */
  lease: number;
  url: string;
  headers: Record<string, string>;
  /** The attempt's timeout (the subscription's own, else the relay's). */
  timeoutMs?: number;
  /** The exact signed bytes, or absent when too large for a message (then `bodyRef` is true). */
  body?: string;
  bodyRef?: true;
}

/** One attempt's outcome, reported back to the owning object (in one RPC per consumer batch). */
export interface DeliveryOutcome {
  id: string;
  lease: number;
  report: AttemptReport;
  startedAt: number;
  finishedAt: number;
}

/** The Queue producer binding, as far as the object uses it. */
export interface DeliveryQueue {
  sendBatch(messages: Iterable<{ body: DeliveryMessage; contentType?: 'json' }>): Promise<void>;
}

/** What the owning object answers a consumer: a body sent by reference, and the batch of outcomes. */
export interface DeliveryOwner {
  deliveryBody(id: string, lease: number): Promise<string | null>;
  deliveryOutcomes(outcomes: DeliveryOutcome[]): Promise<void>;
}

const encoder = new TextEncoder();
export const messageBytes = (m: DeliveryMessage): number => encoder.encode(JSON.stringify(m)).length + ENVELOPE_BYTES;

/** The message for a signed delivery: its body inline when the whole message fits, by reference otherwise. */
export function deliveryMessage(m: Omit<DeliveryMessage, 'body' | 'bodyRef'>, body: string): DeliveryMessage {
  const inline: DeliveryMessage = { ...m, body };
  if (messageBytes(inline) <= MAX_MESSAGE_BYTES) return inline;
  const byRef: DeliveryMessage = { ...m, bodyRef: true };
  if (messageBytes(byRef) > MAX_MESSAGE_BYTES) throw new Error(`delivery ${m.id}: headers exceed a Queue message`);
  return byRef;
}

/** Splits messages into sendBatch calls within both batch limits, in order. */
export function packBatches(messages: readonly DeliveryMessage[]): DeliveryMessage[][] {
  const batches: DeliveryMessage[][] = [];
  let current: DeliveryMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = messageBytes(m);
    if (current.length === MAX_BATCH_MESSAGES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
