/**
 * How committed events travel from the relay to fan-out objects: in batches,
 * one RPC per batch per fan-out (docs/scaling.md#sse-on-fan-out-objects-built).
 * A batch is bounded in events and in bytes so one RPC stays small whatever
 * one transaction wrote; a larger turn is split, in order.
 */
import type { StoredEvent } from '../../core/event';

/** Events per RPC batch. */
export const MAX_BATCH_EVENTS = 200;
/**
 * Event JSON per RPC batch, counted in string length (UTF-8 takes at most 3 bytes per unit, so a batch
 * stays under 3 MiB on the wire, far below Workers' 32 MiB RPC message limit). One event larger than
 * this (up to SITEWIRE_MAX_BODY_BYTES of provider payload) travels alone.
 */
export const MAX_BATCH_BYTES = 1 << 20;

/** Splits events, in order, into batches within both limits; a lone oversized event is its own batch. */
export function splitBatches(events: readonly StoredEvent[]): StoredEvent[][] {
  const batches: StoredEvent[][] = [];
  let batch: StoredEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = e.json.length;
    if (batch.length > 0 && (batch.length === MAX_BATCH_EVENTS || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(e);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
