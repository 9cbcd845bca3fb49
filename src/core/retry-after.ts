/**
 * Retry-After (RFC 9110 §10.2.3), for provider polls and subscriber
 * deliveries alike: delay-seconds, a non-negative integer, or an HTTP-date.
 * Anything else (decimals, negative numbers, words) is unreadable.
 */
const DELAY_SECONDS = /^\d+$/;
/** An HTTP-date names a weekday or a month (IMF-fixdate, RFC 850 and asctime forms). */
const NAMES_A_DAY = /\b(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

/** The wait a Retry-After value asks for, in ms from now (a date in the past: 0); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (DELAY_SECONDS.test(v)) return Number(v) * 1000;
  // HTTP-dates are in GMT; the asctime form does not say so and would otherwise be read as local time.
  const at = NAMES_A_DAY.test(v) ? Date.parse(/\b(gmt|utc)\b/i.test(v) ? v : `${v} GMT`) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}
