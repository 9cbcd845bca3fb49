import { describe, expect, it } from 'vitest';
import { CONTENT_FILTER_LIMITS, contentFilterIssues, matchesContent } from './content-filter';

describe('contentFilterIssues', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`data.k${i}`, 'v']));
  it.each<[string, unknown, number]>([
    ['a value', { 'data.status': 'complete' }, 0],
    ['a list', { 'data.status': ['complete', 'failed'], 'data.metadata.n': [1, true, null] }, 0],
    ['dashes and underscores', { 'data.metadata.team-id_2': 'x' }, 0],
    ['the key limit', many(CONTENT_FILTER_LIMITS.keys), 0],
    ['one key too many', many(CONTENT_FILTER_LIMITS.keys + 1), 1],
    ['not an object', ['data.status'], 1],
    ['null', null, 1],
    ['an empty segment', { 'data..status': 'x' }, 1],
    ['a leading dot', { '.data': 'x' }, 1],
    ['a quote in a path', { 'data."x"': 'x' }, 1],
    ['a JSON path', { '$.data': 'x' }, 1],
    ['a wildcard', { 'data[0]': 'x' }, 1],
    ['too deep', { 'a.b.c.d.e.f.g.h.i': 'x' }, 1],
    ['an object value', { 'data.status': { a: 1 } }, 1],
    ['an empty list', { 'data.status': [] }, 1],
    ['a nested list', { 'data.status': [['x']] }, 1],
    ['too many values', { 'data.status': Array.from({ length: 21 }, (_, i) => `v${i}`) }, 1],
    ['a long value', { 'data.status': 'x'.repeat(301) }, 1],
    ['a bad path and a bad value', { 'a..b': {} }, 2],
  ])('%s -> %d issues', (_name, input, count) => {
    expect(contentFilterIssues(input)).toHaveLength(count);
  });
});

describe('matchesContent', () => {
  const event = { type: 'site.complete', data: { status: 'complete', metadata: { customer: 'acme' } } };
  it('admits an event when every key matches one of its values', () => {
    expect(matchesContent({ type: 'site.complete', 'data.metadata.customer': ['x', 'acme'] }, event)).toBe(true);
    expect(matchesContent({ type: 'site.complete', 'data.metadata.customer': 'x' }, event)).toBe(false);
  });
  it('does not read inherited properties', () => {
    expect(matchesContent({ 'data.constructor': 'x', 'data.toString': 'x' }, event)).toBe(false);
  });
});
