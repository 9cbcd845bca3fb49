import { describe, expect, it } from 'vitest';
import type { ForwardResult } from './forward';
import { forwardWithRetry, retryDelay, succeeded } from './forward-retry';

const result = (status: number | null, eventId: string | null = 'evt_1'): ForwardResult => ({
  eventId,
  status,
  error: status === null ? 'ECONNREFUSED' : null,
  durationMs: 1,
});

const live = () => new AbortController().signal;

describe('listen retry policy', () => {
  it.each([
    [{ retries: 5, baseMs: 1000 }, 1, 1000],
    [{ retries: 5, baseMs: 1000 }, 2, 2000],
    [{ retries: 5, baseMs: 1000 }, 5, 16_000],
    [{ retries: 5, baseMs: 1000 }, 6, null],
    [{ retries: 10, baseMs: 1000 }, 8, 60_000],
    [{ retries: 0, baseMs: 1000 }, 1, null],
  ])('%j before retry %i waits %s', (policy, retry, delay) => {
    expect(retryDelay(policy, retry)).toBe(delay);
  });

  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [404, false],
    [500, false],
    [null, false],
  ])('status %s succeeded: %s', (status, ok) => {
    expect(succeeded(result(status))).toBe(ok);
  });

  it('tries until success, reporting each retry, and stops at the policy', async () => {
    const answers = [500, null, 202];
    const retries: [number | null, number, number][] = [];
    const onRetry = (failed: ForwardResult, retry: number, ms: number) => retries.push([failed.status, retry, ms]);
    const r = await forwardWithRetry(async () => result(answers.shift()!), { retries: 5, baseMs: 1 }, live(), onRetry);
    expect(r).toMatchObject({ status: 202, attempts: 3 });
    expect(retries).toEqual([
      [500, 1, 1],
      [null, 2, 2],
    ]);

    const gaveUp = await forwardWithRetry(
      async () => result(503),
      { retries: 2, baseMs: 1 },
      live(),
      () => {},
    );
    expect(gaveUp).toMatchObject({ status: 503, attempts: 3 });
    // Data that is not an event cannot succeed: not retried.
    const notEvent = await forwardWithRetry(
      async () => result(null, null),
      { retries: 2, baseMs: 1 },
      live(),
      () => 0,
    );
    expect(notEvent.attempts).toBe(1);
  });

  it('a stopping command does not wait out the backoff', async () => {
    const stop = new AbortController();
    let calls = 0;
    const r = await forwardWithRetry(
      async () => (calls++, result(500)),
      { retries: 5, baseMs: 3_600_000 },
      stop.signal,
      () => queueMicrotask(() => stop.abort()),
    );
    expect(r).toMatchObject({ status: 500, attempts: 1 });
    expect(calls).toBe(1);
  });
});
