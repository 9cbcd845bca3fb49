/**
 * Group commit: work items that arrive together (webhooks taken in during
 * the same turn of the event loop) share one transaction, so they share its
 * commit and the log pages it writes, and their events reach each SSE client
 * in one socket write. Every item is still answered only after the
 * transaction holding it has committed. If one item makes the shared
 * transaction fail, it is rolled back whole and each item is taken alone, so
 * only the bad one fails.
 */
export type Defer = (fn: () => void) => void;

interface Queued<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export function createGroupCommit<T, R>(
  commit: (items: T[]) => R[],
  defer: Defer,
  maxBatch = 64,
): (item: T) => Promise<R> {
  let queue: Queued<T, R>[] = [];
  let scheduled = false;

  const settle = (batch: Queued<T, R>[]) => {
    const results = commit(batch.map((q) => q.item));
    for (const [i, q] of batch.entries()) q.resolve(results[i]!);
  };

  function flush() {
    scheduled = false;
    const all = queue;
    queue = [];
    for (let i = 0; i < all.length; i += maxBatch) {
      const batch = all.slice(i, i + maxBatch);
      try {
        settle(batch);
      } catch (err) {
        if (batch.length === 1) batch[0]!.reject(err);
        else {
          for (const q of batch) {
            try {
              settle([q]);
            } catch (alone) {
              q.reject(alone);
            }
          }
        }
      }
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        defer(flush);
      }
    });
}
