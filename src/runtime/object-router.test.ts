import { describe, expect, it } from 'vitest';
import { ConfigError } from '../env-values';
import {
  activeShards,
  fanoutCount,
  MAX_FANOUTS,
  MAX_SHARDS,
  pollerName,
  routeRequest,
  shardOf,
  subjectHash,
  topologyCounts,
} from './object-router';

const withFanouts = (count?: string) => ({ RELAY: {}, FANOUT: {}, ...(count ? { SITEWIRE_FANOUTS: count } : {}) });
const route = (path: string, env: Record<string, unknown> = withFanouts(), random = () => 0.99) =>
  routeRequest(new Request(`https://relay.test${path}`), env, random);

describe('routeRequest', () => {
  it.each([
    ['/v1/events', 'RELAY', 'relay'],
    ['/ingest/warpweb', 'RELAY', 'relay'],
    ['/v1/stream-tokens', 'RELAY', 'relay'],
    ['/v1/resources/warpweb/site/a', 'RELAY', 'relay'],
    ['/v1/stream/extra', 'RELAY', 'relay'],
    ['/v1/stream', 'FANOUT', 'fanout-1'],
    ['/v1/stream?types=site.*', 'FANOUT', 'fanout-1'],
  ])('%s goes to %s %s', (path, binding, name) => {
    expect(route(path)).toEqual({ binding, name });
  });

  it('routes a build’s stream by the hash of its subject, decoded as the route decodes it', () => {
    const index = subjectHash('warpweb/site/s 1') % 2;
    expect(route('/v1/resources/warpweb/site/s%201/stream')).toEqual({ binding: 'FANOUT', name: `fanout-${index}` });
    // Stable: the same build always reaches the same fan-out.
    const names = new Set(Array.from({ length: 5 }, () => route('/v1/resources/lindo/website/w9/stream').name));
    expect(names.size).toBe(1);
  });

  it('spreads /v1/stream and builds over every fan-out', () => {
    const env = withFanouts('4');
    const spread = new Set([0, 0.3, 0.6, 0.9].map((r) => route('/v1/stream', env, () => r).name));
    expect(spread).toEqual(new Set(['fanout-0', 'fanout-1', 'fanout-2', 'fanout-3']));
    const builds = new Set(
      Array.from({ length: 64 }, (_, i) => route(`/v1/resources/warpweb/site/b${i}/stream`, env).name),
    );
    expect(builds.size).toBe(4);
  });

  it('sends everything to the relay without a fan-out namespace or with a bad count (the relay reports it)', () => {
    expect(route('/v1/stream', { RELAY: {} })).toEqual({ binding: 'RELAY', name: 'relay' });
    expect(route('/v1/stream', withFanouts('zero'))).toEqual({ binding: 'RELAY', name: 'relay' });
  });
});

describe('fanoutCount', () => {
  it('defaults to 2 and reads 1 to the maximum', () => {
    expect(fanoutCount({})).toBe(2);
    expect(fanoutCount({ SITEWIRE_FANOUTS: '1' })).toBe(1);
    expect(fanoutCount({ SITEWIRE_FANOUTS: String(MAX_FANOUTS) })).toBe(MAX_FANOUTS);
  });

  it.each(['0', '-1', 'two', '1.5', String(MAX_FANOUTS + 1)])('refuses %s with one line naming the variable', (v) => {
    expect(() => fanoutCount({ SITEWIRE_FANOUTS: v })).toThrow(ConfigError);
    expect(() => fanoutCount({ SITEWIRE_FANOUTS: v })).toThrow(
      new RegExp(`^invalid configuration: SITEWIRE_FANOUTS: .* \\(got "${v.replace('.', '\\.')}"\\)$`),
    );
  });
});

describe('topologyCounts', () => {
  it('defaults to 4 shards and 2 fan-outs and reads 1 to the maximum', () => {
    expect(topologyCounts({})).toEqual({ shards: 4, fanouts: 2 });
    expect(topologyCounts({ SITEWIRE_SHARDS: '1' }).shards).toBe(1);
    expect(topologyCounts({ SITEWIRE_SHARDS: String(MAX_SHARDS) }).shards).toBe(MAX_SHARDS);
  });

  it.each(['0', 'four', '2.5', String(MAX_SHARDS + 1)])('refuses SITEWIRE_SHARDS=%s with one line naming it', (v) => {
    expect(() => topologyCounts({ SITEWIRE_SHARDS: v })).toThrow(
      new RegExp(`^invalid configuration: SITEWIRE_SHARDS: .* \\(got "${v.replace('.', '\\.')}"\\)$`),
    );
  });

  it('counts one shard (the relay object) until the SHARD namespace is bound', () => {
    expect(activeShards({ SITEWIRE_SHARDS: '8' })).toBe(1);
    expect(activeShards({ SHARD: {}, SITEWIRE_SHARDS: '8' })).toBe(8);
    expect(activeShards({ SHARD: {} })).toBe(4);
  });
});

describe('shardOf', () => {
  it('gives each subject one shard, stable, and spreads subjects over all of them', () => {
    expect(shardOf('warpweb/site/a', 3)).toBe(subjectHash('warpweb/site/a') % 3);
    const used = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`lindo/website/w${i}`, 16)));
    expect(used.size).toBe(16);
  });
});

describe('pollerName', () => {
  it('names one poller per provider key from a hash, never the key itself', async () => {
    const key = 'wwk_live_secret_key_0000000000000000000000';
    const name = await pollerName('warpweb', key);
    expect(name).toMatch(/^poller-warpweb-[0-9a-f]{24}$/);
    expect(name).not.toContain('secret');
    expect(await pollerName('warpweb', key)).toBe(name);
    expect(await pollerName('warpweb', `${key}1`)).not.toBe(name);
    expect(await pollerName('lindo', key)).not.toBe(name);
  });
});
