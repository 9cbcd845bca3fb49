/** The admin bearer token: configured, or (Node) generated once and kept in the database. */
import { toBase64Url, randomBytes } from '../core/bytes';
import type { Store } from '../storage/store';

const KEY = 'admin_token';

export function resolveAdminToken(
  configured: string | undefined,
  store: Store,
  generateIfMissing: boolean,
): { token: string | undefined; generated: boolean } {
  if (configured) return { token: configured, generated: false };
  const stored = store.meta.get(KEY);
  if (stored || !generateIfMissing) return { token: stored, generated: false };
  const token = `sw_admin_${toBase64Url(randomBytes(24))}`;
  return { token: store.meta.setIfAbsent(KEY, token), generated: true };
}
