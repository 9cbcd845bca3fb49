/**
 * One call to a Warpweb site action (revisions, refresh), made like a poll: it spends a request of
 * the key's budget first (waiting a few seconds at most), then answers with the provider's status
 * and body. Failures that are not the caller's to interpret become typed errors
 * (docs/api.md#errors): rate_limited, provider_error.
 */
import { AppError, notConfigured } from '../../core/errors';
import { commonErrorMessage, retryAfterMs } from '../../providers/poll-response';
import type { Budget } from '../watches/budget';
import type { WatchDeps } from '../watches/deps';

/** How long an action waits for the budget before answering rate_limited. */
const MAX_BUDGET_WAIT_MS = 10_000;

export interface SiteCallAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function warpwebKey(deps: WatchDeps): string {
  const key = deps.config.warpweb.apiKey;
  if (!key) throw notConfigured('WARPWEB_API_KEY is not set: the relay cannot call Warpweb.');
  return key;
}

/** Reserves the key's next free slot (spent at that moment, as a poll would) and waits for it. */
async function takeSlot(deps: WatchDeps, budget: Budget): Promise<void> {
  const now = deps.now();
  const at = await budget.nextAt(now);
  const slot = at - now > MAX_BUDGET_WAIT_MS ? null : await budget.tryTake(at);
  if (!slot?.ok) {
    throw new AppError(
      'rate_limited',
      `The Warpweb key's request budget is spent; try again in ${Math.max(1, Math.ceil((at - now) / 1000))} s.`,
    );
  }
  if (at > now) await sleep(at - now);
}

export async function callSite(deps: WatchDeps, budget: Budget, request: () => Request): Promise<SiteCallAnswer> {
  await takeSlot(deps, budget);
  let res: Response;
  let text: string;
  try {
    res = await deps.fetch(request(), { signal: AbortSignal.timeout(deps.config.pollTimeoutMs) });
    text = await res.text();
  } catch (err) {
    const name = (err as Error)?.name;
    const why =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${deps.config.pollTimeoutMs} ms`
        : 'network error';
    throw new AppError('provider_error', `Warpweb could not be reached (${why}).`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, headers: res.headers };
}

/** The error for an answer the caller did not take: 429 slows the key; the rest are the provider's failures. */
export async function providerFailure(deps: WatchDeps, budget: Budget, a: SiteCallAnswer): Promise<AppError> {
  const said = commonErrorMessage(a.body);
  if (a.status === 429) {
    const after = retryAfterMs(a.headers, deps.now());
    await budget.penalize(deps.now(), after);
    const wait = after === null ? '' : ` in ${Math.ceil(after / 1000)} s`;
    return new AppError('rate_limited', `Warpweb rate-limited the key (429); try again${wait}.`);
  }
  if (a.status === 401 || a.status === 403) {
    return new AppError('provider_error', `Warpweb refused the API key (${a.status}: ${said ?? 'no error text'}).`);
  }
  if (a.status === 404)
    return new AppError('provider_error', `Warpweb does not know this site (404: ${said ?? 'not found'}).`);
  if (a.status >= 200 && a.status < 300)
    return new AppError('provider_error', 'Warpweb answered with an unexpected body.');
  return new AppError('provider_error', `Warpweb answered ${a.status}: ${said ?? 'no error text'}.`.slice(0, 300));
}
