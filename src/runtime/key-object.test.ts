/** The callers' side of a key's object: which object, the shard's deps, and the Worker's hint routing. */
import { describe, expect, it } from 'vitest';
import { blankObservation } from '../core/observation';
import { silentLogger } from '../log';
import type { ParsedWebhook } from '../providers/types';
import { createKeyState } from '../services/watches/key-state';
import type { KeyObjectStub } from '../services/watches/remote-budget';
import { openNodeSqlite } from '../storage/node-sqlite';
import { hintedSubject, keyObject, keyObjectDeps } from './key-object';
import { pollerName } from './object-router';

const KEY = 'lindo_sk_key_object_test';

/** A POLLER namespace of in-memory key objects, recording the names asked for. */
function namespace(broken = false) {
  const names: string[] = [];
  const objects = new Map<string, KeyObjectStub>();
  return {
    names,
    getByName(name: string): KeyObjectStub {
      names.push(name);
      if (broken) {
        const down = () => Promise.reject(new Error('unreachable'));
        return { take: down, nextAt: down, penalize: down, registerAliases: down, resolve: down };
      }
      let o = objects.get(name);
      if (!o) {
        const s = createKeyState({
          db: openNodeSqlite(':memory:'),
          limitsOf: () => [{ limit: 100, windowMs: 60_000 }],
          retentionMs: 60_000,
        });
        o = {
          take: async (p, now) => s.take(p, now),
          nextAt: async (p, now) => s.nextAt(p, now),
          penalize: async (p, now, ms) => s.penalize(p, now, ms),
          registerAliases: async (p, subject, ids) => s.registerAliases(p, subject, ids),
          resolve: async (p, ids) => s.resolve(p, ids),
        };
        objects.set(name, o);
      }
      return o;
    },
  };
}

const hint = (kind: 'site' | 'page', resourceId: string, aliases: string[], isHint = true): ParsedWebhook => ({
  dedupKey: `lindo:${resourceId}`,
  signals: [
    {
      signal: 'state',
      hint: isHint,
      aliases,
      observation: blankObservation({
        provider: 'lindo',
        kind,
        resourceId,
        status: 'complete',
        providerStatus: 'complete',
        observedVia: 'webhook',
      }),
    },
  ],
});

describe('the key object of a provider', () => {
  it('is the object named by the hash of the configured key, and none without the binding or a key', async () => {
    const POLLER = namespace();
    expect(keyObject({ LINDO_API_KEY: KEY }, 'lindo')).toBeUndefined();
    expect(keyObject({ POLLER }, 'lindo')).toBeUndefined();
    await keyObject({ POLLER, LINDO_API_KEY: KEY }, 'lindo')!.take('lindo', Date.now());
    expect(POLLER.names).toEqual([await pollerName('lindo', KEY)]);
    expect(POLLER.names[0]).not.toContain(KEY);
  });

  it('gives a shard remote budgets and registers learned aliases; without the binding, nothing', async () => {
    expect(keyObjectDeps({}, silentLogger)).toEqual({});
    const env = { POLLER: namespace(), LINDO_API_KEY: KEY };
    const deps = keyObjectDeps(env, silentLogger);
    expect(deps.budgets!('warpweb', [])).toBeUndefined();
    expect(await deps.budgets!('lindo', [])!.tryTake(Date.now())).toEqual({ ok: true });
    await deps.aliasesLearned!({ provider: 'lindo', subject: 'lindo/site/rec_1', ids: ['web_1'] });
    expect(await keyObject(env, 'lindo')!.resolve('lindo', ['web_1'])).toBe('lindo/site/rec_1');
    // Best effort: an unreachable object is logged, never thrown at the poll that learned them.
    const down = keyObjectDeps({ POLLER: namespace(true), LINDO_API_KEY: KEY }, silentLogger);
    await expect(down.aliasesLearned!({ provider: 'lindo', subject: 's', ids: ['x'] })).resolves.toBeUndefined();
  });

  it('routes a hint named by an alias to the subject of the watch of its kind', async () => {
    const env = { POLLER: namespace(), LINDO_API_KEY: KEY };
    await keyObject(env, 'lindo')!.registerAliases('lindo', 'lindo/site/rec_1', ['web_1']);
    await keyObject(env, 'lindo')!.registerAliases('lindo', 'lindo/page/rec_2', ['pg_2']);
    expect(await hintedSubject(env, hint('site', 'web_1', []))).toBe('lindo/site/rec_1');
    expect(await hintedSubject(env, hint('site', 'wf_9', ['web_1']))).toBe('lindo/site/rec_1');
    // A watch of another kind does not speak for the hint: it goes where its own subject goes.
    expect(await hintedSubject(env, hint('site', 'pg_2', []))).toBeNull();
    expect(await hintedSubject(env, hint('site', 'web_unknown', []))).toBeNull();
    expect(await hintedSubject(env, hint('site', 'web_1', [], false))).toBeNull();
    expect(await hintedSubject({ LINDO_API_KEY: KEY }, hint('site', 'web_1', []))).toBeNull();
    const down = { POLLER: namespace(true), LINDO_API_KEY: KEY };
    expect(await hintedSubject(down, hint('site', 'web_1', []))).toBeNull();
  });
});
