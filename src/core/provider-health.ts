/**
 * When a provider's operational events are due (docs/events.md#operational-events): pure
 * decisions over what the relay remembers per provider, so each is said once, not per poll.
 */

/** No webhook for this long while polls see changes: the provider's webhooks look lost. */
export const WEBHOOKS_QUIET_MS = 10 * 60_000;

/**
 * `provider.credentials_refused`: once per API key (by fingerprint) until a poll with that key
 * is answered again. Returns what to remember afterwards and whether to emit.
 */
export function credentialsVerdict(
  refusedKey: string | null,
  key: string,
  refused: boolean,
): { emit: boolean; remember: string | null } {
  if (refused) return { emit: refusedKey !== key, remember: key };
  return { emit: false, remember: refusedKey === key ? null : refusedKey };
}

export interface QuietInput {
  now: number;
  /** When the provider's last webhook arrived; null = never. */
  lastWebhookAt: number | null;
  /** Since when polls have been looking (the polled watch's creation): the spell cannot be older. */
  watchingSince: number;
  /** The spell already reported: the lastWebhookAt it was reported for ('never' for null). */
  reportedSpell: string | null;
}

/** `provider.webhooks_quiet`: a poll saw a change and no webhook came for 10 minutes; once per spell. */
export function quietVerdict(q: QuietInput): { emit: boolean; spell: string } {
  const spell = q.lastWebhookAt === null ? 'never' : String(q.lastWebhookAt);
  const since = Math.max(q.lastWebhookAt ?? 0, q.watchingSince);
  return { emit: q.now - since >= WEBHOOKS_QUIET_MS && q.reportedSpell !== spell, spell };
}

/** A short, non-secret name for an API key: FNV-1a, 32 bits, hex. Never the key itself. */
export function keyFingerprint(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
