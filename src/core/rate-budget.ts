/**
 * A provider API key's request budget (docs/provider-notes.md#polling), as pure state
 * transitions. Each documented limit ("30 per minute") is a GCRA rule: the
 * shortest window paces requests evenly (no burst at all), longer windows
 * allow a burst of the shortest window's worth and lower their sustained rate
 * so burst plus refill still fits. Every rule keeps HEADROOM of the limit in
 * reserve for clock skew between us and the provider and in-flight latency.
 */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface BudgetRule {
  /** Time one request costs (the sustained spacing). */
  intervalMs: number;
  /** Requests that may go at once when the rule is rested. */
  capacity: number;
}

export interface BudgetState {
  /** GCRA theoretical arrival time of each rule, ms. */
  tat: number[];
  /** No request before this (a 429's Retry-After). */
  blockedUntil: number;
  /** Every interval is multiplied by this until slowUntil (after a 429). */
  slowFactor: number;
  slowUntil: number;
}

export const HEADROOM = 0.9;
export const MAX_SLOW_FACTOR = 8;
export const SLOW_FOR_MS = 10 * 60_000;
/** A 429 without Retry-After or X-RateLimit-Reset blocks the key this long. */
export const DEFAULT_BLOCK_MS = 60_000;
const MAX_BLOCK_MS = 3_600_000;

export const freshBudget = (rules: readonly BudgetRule[]): BudgetState => ({
  tat: rules.map(() => 0),
  blockedUntil: 0,
  slowFactor: 1,
  slowUntil: 0,
});

/** Limits -> rules. A window of W holds at most capacity + W / interval requests. */
export function rulesFor(limits: readonly RateLimit[], headroom = HEADROOM): BudgetRule[] {
  const shortest = Math.min(...limits.map((l) => l.windowMs));
  const capOf = (l: RateLimit) => Math.max(2, Math.floor(l.limit * headroom));
  const pacing = limits.find((l) => l.windowMs === shortest)!;
  return limits.map((l) => {
    const cap = capOf(l);
    if (l === pacing) return { intervalMs: l.windowMs / (cap - 1), capacity: 1 };
    const capacity = Math.max(1, Math.min(capOf(pacing), Math.floor(cap / 2)));
    return { intervalMs: l.windowMs / (cap - capacity), capacity };
  });
}

const factorAt = (s: BudgetState, now: number): number => (now < s.slowUntil ? s.slowFactor : 1);

/** The earliest time (>= now) a request may be sent. */
export function nextAllowedAt(s: BudgetState, rules: readonly BudgetRule[], now: number): number {
  const f = factorAt(s, now);
  let at = Math.max(now, s.blockedUntil);
  rules.forEach((r, i) => {
    at = Math.max(at, (s.tat[i] ?? 0) - (r.capacity - 1) * r.intervalMs * f);
  });
  return at;
}

/** Spends one request at `now` if the budget allows it. */
export function take(
  s: BudgetState,
  rules: readonly BudgetRule[],
  now: number,
): { ok: true; state: BudgetState } | { ok: false; at: number } {
  const at = nextAllowedAt(s, rules, now);
  if (at > now) return { ok: false, at };
  const f = factorAt(s, now);
  const tat = rules.map((r, i) => Math.max(s.tat[i] ?? 0, now) + r.intervalMs * f);
  return { ok: true, state: { ...s, tat } };
}

/** A 429: nothing before the provider's reset, and the whole key slower for a while. */
export function penalize(s: BudgetState, now: number, retryAfterMs: number | null): BudgetState {
  const wait = Math.min(Math.max(retryAfterMs ?? DEFAULT_BLOCK_MS, 0), MAX_BLOCK_MS);
  const factor = now < s.slowUntil ? Math.min(s.slowFactor * 2, MAX_SLOW_FACTOR) : 2;
  return {
    ...s,
    blockedUntil: Math.max(s.blockedUntil, now + wait),
    slowFactor: factor,
    slowUntil: now + wait + SLOW_FOR_MS,
  };
}

/** Reads a persisted state defensively: anything unexpected starts fresh (never blocks forever). */
export function parseBudget(text: string | undefined, rules: readonly BudgetRule[], now: number): BudgetState {
  const fresh = freshBudget(rules);
  if (!text) return fresh;
  try {
    const v = JSON.parse(text) as Partial<BudgetState>;
    const num = (x: unknown, max: number) => (typeof x === 'number' && Number.isFinite(x) ? Math.min(x, max) : 0);
    // A clock that jumped back must not leave the key blocked for longer than its windows.
    const horizon = now + MAX_BLOCK_MS + Math.max(...rules.map((r) => r.intervalMs * r.capacity * MAX_SLOW_FACTOR));
    return {
      tat: rules.map((_, i) => num(Array.isArray(v.tat) ? v.tat[i] : 0, horizon)),
      blockedUntil: num(v.blockedUntil, now + MAX_BLOCK_MS),
      slowFactor: Math.min(Math.max(num(v.slowFactor, MAX_SLOW_FACTOR), 1), MAX_SLOW_FACTOR),
      slowUntil: num(v.slowUntil, horizon),
    };
  } catch {
    return fresh;
  }
}
