/** The alias directory of a key's object, over a real in-memory SQLite database. */
import { describe, expect, it } from 'vitest';
import { createAliasDirectory } from './alias-directory';
import { openNodeSqlite } from './node-sqlite';

const T = 1_800_000_000_000;
const open = () => createAliasDirectory(openNodeSqlite(':memory:'));

describe('alias directory', () => {
  it('finds the subject of the watch that registered any of the ids, per provider', () => {
    const d = open();
    d.register('lindo', 'lindo/site/rec_1', ['web_1'], T);
    d.register('lindo', 'lindo/page/rec_2', ['pg_2', 'blog_2'], T);
    expect(d.resolve('lindo', ['web_1'])).toBe('lindo/site/rec_1');
    expect(d.resolve('lindo', ['nope', 'blog_2'])).toBe('lindo/page/rec_2');
    expect(d.resolve('lindo', ['nope'])).toBeNull();
    expect(d.resolve('lindo', [])).toBeNull();
    expect(d.resolve('warpweb', ['web_1'])).toBeNull();
  });

  it('is idempotent, and the newest registration of an id wins', () => {
    const d = open();
    d.register('lindo', 'lindo/site/rec_1', ['web_1', 'web_1'], T);
    d.register('lindo', 'lindo/site/rec_1', ['web_1'], T + 1);
    expect(d.resolve('lindo', ['web_1'])).toBe('lindo/site/rec_1');
    d.register('lindo', 'lindo/site/rec_9', ['web_1'], T + 2);
    expect(d.resolve('lindo', ['web_1'])).toBe('lindo/site/rec_9');
  });

  it('between two ids naming different subjects, answers the most recently registered', () => {
    const d = open();
    d.register('lindo', 'lindo/site/rec_old', ['web_a'], T);
    d.register('lindo', 'lindo/site/rec_new', ['web_b'], T + 5);
    expect(d.resolve('lindo', ['web_a', 'web_b'])).toBe('lindo/site/rec_new');
  });

  it('prunes registrations not refreshed since the cutoff', () => {
    const d = open();
    d.register('lindo', 'lindo/site/rec_1', ['web_1'], T);
    d.register('lindo', 'lindo/site/rec_2', ['web_2'], T + 10);
    expect(d.prune(T + 5)).toBe(1);
    expect(d.resolve('lindo', ['web_1'])).toBeNull();
    expect(d.resolve('lindo', ['web_2'])).toBe('lindo/site/rec_2');
  });
});
