import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRelayObject } from '../../src/runtime/relay-object';
import { BASE } from './relay';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The relay object built over one named object's storage with these variables; its /healthz answer. */
const health = (name: string, vars: Record<string, unknown>) =>
  runInDurableObject(env.RELAY.getByName(name), async (_object, state) => {
    const object = createRelayObject(state, { ...env, ...vars });
    const res = await object.fetch(new Request(`${BASE}/healthz`));
    return { status: res.status, body: (await res.json()) as unknown };
  });

describe('the topology the relay object reports and keeps', () => {
  it('reports one shard while it holds every subject itself (no SHARD namespace)', async () => {
    expect(await health('topology-one-shard', { SHARD: undefined, SITEWIRE_SHARDS: '8' })).toMatchObject({
      status: 200,
      body: { topology: { shards: 1, fanouts: 2 } },
    });
  });

  it('reports SITEWIRE_SHARDS with the SHARD namespace, and refuses another count once it is recorded', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const name = 'topology-pinned-shards';
    expect(await health(name, { SHARD: {}, SITEWIRE_SHARDS: '3' })).toMatchObject({
      status: 200,
      body: { topology: { shards: 3, fanouts: 2 } },
    });
    expect(await health(name, { SHARD: {}, SITEWIRE_SHARDS: '3' })).toMatchObject({ status: 200 });
    const changed = await health(name, { SHARD: {}, SITEWIRE_SHARDS: '5' });
    expect(changed).toMatchObject({
      status: 503,
      body: {
        error: {
          code: 'invalid_configuration',
          message: expect.stringMatching(/^invalid configuration: SITEWIRE_SHARDS: .* set it back to 3 /),
        },
      },
    });
  });

  it.each(['0', 'four', '129'])('answers 503 invalid_configuration for SITEWIRE_SHARDS=%s', async (value) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await health(`topology-bad-${value}`, { SITEWIRE_SHARDS: value })).toMatchObject({
      status: 503,
      body: { error: { code: 'invalid_configuration', message: expect.stringContaining('SITEWIRE_SHARDS') } },
    });
  });
});
