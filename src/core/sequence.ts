/**
 * Event positions (docs/events.md#the-event): shown as 20-digit zero-padded decimal strings, so
 * that plain string comparison orders them (the CloudEvents sequence
 * extension); read back padded or not.
 */
export const SEQUENCE_DIGITS = 20;

export const formatSequence = (seq: number): string => String(seq).padStart(SEQUENCE_DIGITS, '0');

/** A position as given by a client, or null when it is not one (no sign, no exponent, a safe integer). */
export function parseSequence(text: string): number | null {
  if (!/^\d{1,20}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
