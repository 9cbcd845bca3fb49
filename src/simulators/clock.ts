/** Time for simulators: the system clock, or a manual one tests and benches advance themselves. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  set(at: number): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-05-17T14:00:00.000Z')): ManualClock {
  let t = start;
  return {
    now: () => t,
    set: (at) => {
      t = Math.max(t, at);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
