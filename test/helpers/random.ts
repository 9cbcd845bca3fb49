/** A seeded PRNG (mulberry32): the same seed, the same hostile batch, on every run. */
export interface Random {
  next(): number;
  int(maxExclusive: number): number;
  bool(): boolean;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    bool: () => next() < 0.5,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}
