import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyData } from '../../src/core/event';
import { createRelayObject } from '../../src/runtime/relay-object';
import { heldByAll } from './fanouts';
import { api, BASE, postWarpweb, relayStub, warpwebEnvelope } from './relay';
import { readSse } from './sse';

const DAY = 86_400_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the relay Durable Object', () => {
  it('answers every /v1 call 503 admin_token_missing when SITEWIRE_ADMIN_TOKEN is not set', async () => {
    const stub = env.RELAY.getByName('without-admin-token');
    const answers = await runInDurableObject(stub, async (_object, state) => {
      const object = createRelayObject(state, { ...env, SITEWIRE_ADMIN_TOKEN: undefined });
      const ask = async (path: string, headers: Record<string, string> = {}) => {
        const res = await object.fetch(new Request(BASE + path, { headers }));
        return { status: res.status, body: (await res.json()) as unknown };
      };
      return {
        events: await ask('/v1/events', { authorization: `Bearer ${env.SITEWIRE_ADMIN_TOKEN}` }),
        stream: await ask('/v1/stream'),
        health: await ask('/healthz'),
      };
    });
    for (const answer of [answers.events, answers.stream]) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: { code: 'admin_token_missing' } });
    }
    expect(answers.health).toMatchObject({ status: 200, body: { ok: true, runtime: 'workers' } });
  });

  it('answers 503 invalid_configuration, naming the variable, when the configuration is invalid', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const answer = await runInDurableObject(env.RELAY.getByName('bad-config'), async (_object, state) => {
      const object = createRelayObject(state, { ...env, SITEWIRE_POLL_INTERVAL_MS: 'often' });
      const res = await object.fetch(new Request(`${BASE}/healthz`));
      return { status: res.status, body: (await res.json()) as unknown };
    });
    expect(answer).toMatchObject({
      status: 503,
      body: { error: { code: 'invalid_configuration', message: expect.stringContaining('SITEWIRE_POLL_INTERVAL_MS') } },
    });
  });

  it('runs due tasks from its alarm and re-arms it: retention prunes by alarm', async () => {
    const stub = env.RELAY.getByName('alarm-retention');
    const armedAt = await runInDurableObject(stub, async ({ object }, state) => {
      const { relay } = object;
      const old = Date.now() - 30 * DAY;
      relay!.store.events.append(
        {
          id: 'evt_old',
          type: 'site.complete',
          subject: 'warpweb/site/old',
          provider: 'warpweb',
          time: new Date(old).toISOString(),
          data: emptyData('warpweb', 'webhook'),
        },
        old,
      );
      // A task woken for now arms the alarm for now.
      relay!.ticker.wake('retention');
      return state.storage.getAlarm();
    });
    expect(armedAt).not.toBeNull();
    expect(armedAt!).toBeLessThanOrEqual(Date.now());

    // The alarm fires by itself (nothing else calls tick), prunes, and re-arms for the next hourly run.
    const pruned = () =>
      runInDurableObject(stub, async ({ object }, state) => ({
        old: object.relay!.store.events.byId('evt_old') ?? null,
        alarmInMinutes: Math.round(((await state.storage.getAlarm()) ?? 0) - Date.now()) / 60_000,
      }));
    await expect.poll(async () => (await pruned()).old, { timeout: 5_000 }).toBeNull();
    expect((await pruned()).alarmInMinutes).toBeGreaterThan(55);
  });

  it('releases an SSE listener once a write to a gone client fails (the heartbeat writes)', async () => {
    const res = await api('/v1/stream');
    const sse = readSse(res);
    expect(await sse.next()).toEqual({ retry: '2000' });
    // The stream is held by a fan-out object; the relay object holds none.
    const inRelay = () =>
      runInDurableObject(relayStub(), ({ object }) => ({
        streams: object.sse!.size,
        hub: object.relay!.hub.listenerCount(),
      }));
    expect(await heldByAll()).toEqual({ streams: 1, hub: 1 });
    expect(await inRelay()).toEqual({ streams: 0, hub: 0 });
    await sse.close();
    await expect.poll(heldByAll, { timeout: 5_000 }).toEqual({ streams: 0, hub: 0 });
  });

  it('counts the rows its SQLite statements write, for /metrics', async () => {
    const written = async () => {
      const text = await (await api('/metrics')).text();
      return Number(/^sitewire_sqlite_rows_written_total\{object="relay"\} (\d+)$/m.exec(text)![1]);
    };
    const before = await written();
    const res = await postWarpweb(warpwebEnvelope('form.submit', `rows-${crypto.randomUUID()}`, { name: 'Ann' }));
    expect(res.status).toBe(200);
    // At least the event, its dedup key and the sequence, each with its index entries.
    expect((await written()) - before).toBeGreaterThanOrEqual(3);
  });

  it('lets tests substitute the outbound fetch the relay uses for polls and deliveries', async () => {
    const outbound = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async (input) =>
        Response.json({ stubbed: String(input instanceof Request ? input.url : input) }),
      );
    const body = await runInDurableObject(relayStub(), async ({ object }) =>
      (await object.relay!.fetch('https://api.warpweb.ai/v1/sites/abc')).json(),
    );
    expect(body).toEqual({ stubbed: 'https://api.warpweb.ai/v1/sites/abc' });
    expect(outbound).toHaveBeenCalledTimes(1);
  });
});
