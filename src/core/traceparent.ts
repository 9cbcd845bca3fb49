/**
 * W3C trace context (docs/events.md#tracing): the `traceparent` an event carries from the
 * ingest request or poll that produced it to every delivery attempt of it.
 */
import { randomBytes, toHex } from './bytes';

const SHAPE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The header as a valid traceparent, or null: version ff, all-zero ids and, for version 00,
 * anything after the flags are invalid. Later versions are read as version 00 (the W3C rule).
 */
export function parseTraceparent(header: string | null | undefined): string | null {
  const m = SHAPE.exec(header?.trim().toLowerCase() ?? '');
  if (!m) return null;
  const [, version, traceId, parentId, flags, rest] = m as unknown as [string, string, string, string, string, string?];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return null;
  return `00-${traceId}-${parentId}-${flags}`;
}

/** A new trace: random ids, sampled. */
export function newTraceparent(): string {
  return `00-${toHex(randomBytes(16))}-${toHex(randomBytes(8))}-01`;
}

/** The incoming header when it is a valid trace context, else a new trace. */
export const traceparentFrom = (header: string | null | undefined): string =>
  parseTraceparent(header) ?? newTraceparent();
