/**
 * The soak suite (bench/soak, `npm run soak`) in small: each scenario for a
 * few seconds, so what the full run checks stays true between runs.
 */
import { describe, expect, it } from 'vitest';
import { crashStorm } from '../bench/soak/crash-storm';
import { hostileRequests } from '../bench/soak/hostile';
import { receiverOutage } from '../bench/soak/receiver-outage';
import { slowloris } from '../bench/soak/slowloris';
import { sseChurn } from '../bench/soak/sse-churn';

describe('soak, small', () => {
  it('crash storm: nothing acknowledged is lost, order holds, SSE exactly once', { timeout: 120_000 }, async () => {
    expect((await crashStorm({ webhooks: 60, kills: 2, subscriptions: 3, seed: 7 })).failures).toEqual([]);
  });

  it('receiver outage: the backlog drains in order, nothing dead', { timeout: 90_000 }, async () => {
    expect((await receiverOutage({ outageSeconds: 3, events: 20 })).failures).toEqual([]);
  });

  it('hostile requests: no 5xx', { timeout: 90_000 }, async () => {
    expect((await hostileRequests({ requests: 300, concurrency: 8 })).failures).toEqual([]);
  });

  it('SSE churn: the gauge returns to 0', { timeout: 90_000 }, async () => {
    expect((await sseChurn({ connections: 200, cycles: 2 })).failures).toEqual([]);
  });

  it('slowloris: closed by the headers timeout, /healthz answered meanwhile', { timeout: 60_000 }, async () => {
    expect((await slowloris({ connections: 50, headersTimeoutMs: 1000 })).failures).toEqual([]);
  });
});
