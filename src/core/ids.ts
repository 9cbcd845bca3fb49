/** Sortable unique ids: `<prefix>_<ULID>` (48-bit time + 80 random bits, Crockford base32). */
import { randomBytes } from './bytes';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (const b of randomBytes(16)) rand += ALPHABET[b % 32];
  return time + rand;
}

export const newId = (prefix: string, now?: number): string => `${prefix}_${ulid(now)}`;
