/**
 * A key's budget kept by one object and used by several pollers (shards) through RPCs: the
 * key object's state (key-state.ts) over a real SQLite database, called the way a stub is
 * (asynchronously, its answers copied as over RPC).
 */
import { describe, expect, it } from 'vitest';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createKeyState, type KeyState } from './key-state';
import { type KeyObjectStub, remoteBudget, UNREACHABLE_RETRY_MS } from './remote-budget';

const T = 1_800_000_000_000;
const LIMITS = [{ limit: 30, windowMs: 60_000 }];

function keyObject(clock: { now: number }) {
  const state = createKeyState({
    db: openNodeSqlite(':memory:'),
    limitsOf: () => LIMITS,
    retentionMs: 60_000,
    now: () => clock.now,
  });
  const rpc =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    async (...a: A) =>
      structuredClone(fn(...a));
  const stub: KeyObjectStub = {
    take: rpc(state.take),
    nextAt: rpc(state.nextAt),
    penalize: rpc(state.penalize),
    registerAliases: rpc((p: string, s: string, ids: string[]) => state.registerAliases(p, s, ids)),
    resolve: rpc((p: string, ids: string[]) => state.resolve(p, ids)),
  };
  return { state: state as KeyState, stub };
}

/** Every shard takes a slot whenever it may, for `ms`; the grant times, in order. */
async function drain(shards: ReturnType<typeof remoteBudget>[], clock: { now: number }, ms: number) {
  const granted: number[] = [];
  const end = clock.now + ms;
  while (clock.now < end) {
    for (const s of shards) if ((await s.tryTake(clock.now)).ok) granted.push(clock.now);
    clock.now = Math.min(...(await Promise.all(shards.map((s) => s.nextAt(clock.now)))), end);
    if (clock.now === end) break;
  }
  return granted;
}

describe('remote budget', () => {
  it('three shards of one key never exceed the key’s limit in any window', async () => {
    const clock = { now: T };
    const { stub } = keyObject(clock);
    const shards = [0, 1, 2].map(() => remoteBudget(stub, 'warpweb'));
    const granted = await drain(shards, clock, 5 * 60_000);
    for (const t of granted) expect(granted.filter((x) => x >= t && x < t + 60_000).length).toBeLessThanOrEqual(30);
    // Not starved either: exactly the slots one poller alone gets from the key (one per 60 s / 26).
    const alone = { now: T };
    expect(granted).toEqual(await drain([remoteBudget(keyObject(alone).stub, 'warpweb')], alone, 5 * 60_000));
    expect(granted).toHaveLength(130);
  });

  it('a 429 seen by one shard blocks every shard of the key until the reset', async () => {
    const clock = { now: T };
    const { stub } = keyObject(clock);
    const [a, b] = [remoteBudget(stub, 'warpweb'), remoteBudget(stub, 'warpweb')];
    expect(await a.tryTake(T)).toEqual({ ok: true });
    await a.penalize(T, 20_000);
    clock.now = T + 19_999;
    const refused = await b.tryTake(clock.now);
    expect(refused).toEqual({ ok: false, at: T + 20_000 });
    expect(await b.nextAt(clock.now)).toBe(T + 20_000);
    clock.now = T + 20_000;
    expect(await b.tryTake(clock.now)).toEqual({ ok: true });
  });

  it('reserves a future slot for a caller that waits for it, and no one else gets that slot', async () => {
    const clock = { now: T };
    const { stub } = keyObject(clock);
    const [action, poller] = [remoteBudget(stub, 'warpweb'), remoteBudget(stub, 'warpweb')];
    expect(await poller.tryTake(T)).toEqual({ ok: true });
    // A site action takes the next free slot at its time, ahead of the object's clock, then waits.
    const at = await action.nextAt(T);
    expect(at).toBeGreaterThan(T);
    expect(await action.tryTake(at)).toEqual({ ok: true });
    clock.now = at;
    const refused = await poller.tryTake(at);
    expect(refused).toMatchObject({ ok: false });
    expect(await poller.nextAt(at)).toBe(at + (at - T));
  });

  it('starts a 429’s block at the later clock, so it is never shorter than asked', async () => {
    const clock = { now: T + 5_000 };
    const { stub } = keyObject(clock);
    const shard = remoteBudget(stub, 'warpweb');
    await shard.penalize(T, 10_000);
    expect(await shard.nextAt(T)).toBe(T + 15_000);
  });

  it('an unreachable key object grants nothing and asks again shortly', async () => {
    const down = () => Promise.reject(new Error('object reset'));
    const stub: KeyObjectStub = { take: down, nextAt: down, penalize: down, registerAliases: down, resolve: down };
    const shard = remoteBudget(stub, 'lindo');
    expect(await shard.tryTake(T)).toEqual({ ok: false, at: T + UNREACHABLE_RETRY_MS });
    expect(await shard.nextAt(T)).toBe(T + UNREACHABLE_RETRY_MS);
    await expect(shard.penalize(T, 5_000)).resolves.toBeUndefined();
  });

  it('keeps each provider’s budget apart, and the directory beside them', async () => {
    const clock = { now: T };
    const { stub } = keyObject(clock);
    expect(await remoteBudget(stub, 'warpweb').tryTake(T)).toEqual({ ok: true });
    expect(await remoteBudget(stub, 'lindo').tryTake(T)).toEqual({ ok: true });
    await stub.registerAliases('lindo', 'lindo/site/rec_1', ['web_1']);
    expect(await stub.resolve('lindo', ['web_1'])).toBe('lindo/site/rec_1');
    expect(await stub.resolve('warpweb', ['web_1'])).toBeNull();
  });
});
