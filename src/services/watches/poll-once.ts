/**
 * One poll of one watch: the status request with a timeout, and p-retry on
 * transient faults (5xx, timeouts, network errors, bad bodies). Every attempt
 * is a request the provider counts, so a retry first waits for the key's
 * budget; if the budget is far off, the retry is dropped and the watch simply
 * tries again next interval.
 */
import pRetry from 'p-retry';
import { interpretResponse, type PollOutcome } from '../../providers/poll-response';
import type { StatusApi } from '../../providers/types';
import type { Watch } from '../../storage/watches-store';
import type { Budget } from './budget';
import type { WatchDeps } from './deps';

/** A retry never waits longer than this for the budget. */
const MAX_RETRY_WAIT_MS = 10_000;
const RETRIES = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000, randomize: true } as const;

export interface PollContext {
  deps: WatchDeps;
  api: StatusApi;
  apiKey: string;
  budget: Budget;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Transient = { kind: 'transient'; message: string };

/** One request with the poll timeout; a timeout or network error is a transient outcome. */
async function requestOnce<O>(
  c: PollContext,
  request: () => Request,
  read: (res: Response, now: number) => Promise<O>,
): Promise<O | Transient> {
  const { deps } = c;
  const timeoutMs = deps.config.pollTimeoutMs;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const res = await deps.fetch(request(), { signal: deps.stop ? AbortSignal.any([timeout, deps.stop]) : timeout });
    return await read(res, deps.now());
  } catch (err) {
    const name = (err as Error)?.name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return {
      kind: 'transient',
      message: timedOut
        ? `no answer within ${timeoutMs} ms`
        : `network error: ${String((err as Error)?.message ?? err)}`.slice(0, 300),
    };
  }
}

async function waitForSlot(c: PollContext): Promise<boolean> {
  const at = await c.budget.nextAt(c.deps.now());
  const wait = at - c.deps.now();
  if (wait > MAX_RETRY_WAIT_MS) return false;
  if (wait > 0) await sleep(wait);
  return (await c.budget.tryTake(c.deps.now())).ok;
}

/** How a transient outcome asks p-retry for another attempt (it retries what rejects); never leaves this file. */
class RetryTransient extends Error {}

/**
 * The first attempt's budget is already spent by the caller. Every outcome comes back as a value:
 * the first that is not transient, else the last transient one (retries spent, no budget for
 * another soon, or the relay closing). Used for one resource's GET and for a batch alike.
 */
export async function sendWithRetries<O extends { kind: string }>(
  c: PollContext,
  request: () => Request,
  read: (res: Response, now: number) => Promise<O>,
): Promise<{ outcome: O | Transient; attempts: number }> {
  let attempts = 0;
  let last: O | Transient = { kind: 'transient', message: 'not polled' };
  try {
    const outcome = await pRetry(
      async (n) => {
        if (n > 1 && !(await waitForSlot(c))) return last;
        attempts += 1;
        last = await requestOnce(c, request, read);
        if (last.kind === 'transient') throw new RetryTransient((last as Transient).message);
        return last;
      },
      { ...RETRIES, signal: c.deps.stop },
    );
    return { outcome, attempts };
  } catch {
    return { outcome: last, attempts };
  }
}

/** One watch's status GET, with the retries above. */
export function pollWithRetries(c: PollContext, watch: Watch): Promise<{ outcome: PollOutcome; attempts: number }> {
  const { deps, api } = c;
  return sendWithRetries(
    c,
    () => api.request(watch.kind, watch.resourceId, deps.config, c.apiKey),
    (res, now) => interpretResponse(api, watch.kind, watch.resourceId, res, now),
  );
}
