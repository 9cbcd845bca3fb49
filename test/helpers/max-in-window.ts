/** Most of the (sorted) times inside any closed window [t, t + w]: what a provider's sliding-window limit counts. */
export function maxInWindow(times: number[], w: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! > w) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
