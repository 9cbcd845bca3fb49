/**
 * Sortable unique ids: `<prefix>_<ULID>` (48-bit time + 80 random bits,
 * Crockford base32). Ids made in the same millisecond are monotonic (the
 * random part of the previous one plus one), so lists ordered by id keep
 * creation order however fast rows are created.
 */
import { randomBytes } from './bytes';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_DIGITS = 16;

let lastTime = -1;
let lastRandom: number[] = [];

function freshRandom(): number[] {
  return Array.from(randomBytes(RANDOM_DIGITS), (b) => b % 32);
}

/** The random digits plus one, or null when all are at their top (then a fresh draw is taken). */
function increment(digits: number[]): number[] | null {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return null;
}

export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  lastRandom = (now === lastTime && increment(lastRandom)) || freshRandom();
  lastTime = now;
  return time + lastRandom.map((d) => ALPHABET[d]).join('');
}

export const newId = (prefix: string, now?: number): string => `${prefix}_${ulid(now)}`;
