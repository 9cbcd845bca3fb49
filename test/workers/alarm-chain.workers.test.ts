/**
 * Alarms that fire by themselves, with no request reaching the relay in
 * between: each alarm run must arm the next. (The other Workers tests read
 * the relay while they wait, and a request can start a fresh arming.) The
 * test waits on what the stubbed provider and receiver see, and reads the
 * relay only once the chain has run.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubOutbound } from './outbound';
import { warpwebSite } from './providers';
import { apiJson, eventsOf, postWarpweb, warpwebEnvelope } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

const SINK = 'https://alarm-chain-sink.example';

describe('the alarm re-arms itself in workerd', () => {
  it('polls a watch step after step to its terminal event, each poll started by the previous alarm', async () => {
    const outbound = stubOutbound();
    const id = crypto.randomUUID();
    const steps = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    const site = warpwebSite(outbound, id, steps);
    const created = await apiJson('/v1/watches', 'POST', { provider: 'warpweb', id });
    expect(created.status).toBe(201);

    // Nothing but the relay's own alarms moves the build now.
    await vi.waitFor(() => expect(site.polls().length).toBeGreaterThanOrEqual(steps.length), {
      timeout: 20_000,
      interval: 20,
    });

    expect(site.polls()).toHaveLength(steps.length);
    expect((await apiJson(`/v1/watches/${created.body.id}`)).body).toMatchObject({
      state: 'done',
      polls: steps.length,
    });
    expect((await eventsOf(`warpweb/site/${id}`)).map((e) => e.type).at(-1)).toBe('site.complete');
  });

  it('retries a failing delivery on its schedule, each attempt started by the previous alarm', async () => {
    const outbound = stubOutbound();
    let answered = 0;
    outbound.route((req) =>
      req.url === `${SINK}/retry` ? new Response(null, { status: ++answered < 4 ? 503 : 204 }) : undefined,
    );
    const siteId = `alarm-chain-${crypto.randomUUID()}`;
    const sub = await apiJson('/v1/subscriptions', 'POST', {
      url: `${SINK}/retry`,
      types: ['form.submitted'],
      resources: [`warpweb/site/${siteId}`],
    });
    expect(sub.status).toBe(201);
    expect((await postWarpweb(warpwebEnvelope('form.submit', siteId, { name: 'Ann' }))).status).toBe(200);

    await vi.waitFor(() => expect(outbound.to(`${SINK}/retry`).length).toBeGreaterThanOrEqual(4), {
      timeout: 20_000,
      interval: 20,
    });

    const attempts = outbound.to(`${SINK}/retry`);
    expect(attempts).toHaveLength(4);
    // The workers project's schedule is 100ms,200ms,500ms: each retry waits at least its delay.
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    [100, 200, 500].forEach((delay, i) => expect(gaps[i]).toBeGreaterThanOrEqual(delay));
    const deliveries = (await apiJson(`/v1/subscriptions/${sub.body.id}/deliveries`)).body.data;
    expect(deliveries).toMatchObject([{ status: 'succeeded', attempt_count: 4 }]);
  });
});
