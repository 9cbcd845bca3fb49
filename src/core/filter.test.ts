import { describe, expect, it } from 'vitest';
import { matchesFilter, parseList, typeMatches, type EventFilter } from './filter';

const event = { type: 'site.complete', provider: 'warpweb', subject: 'warpweb/site/s1' };

describe('typeMatches', () => {
  it.each([
    ['*', 'site.complete', true],
    ['*', 'warpweb.webhook.test_ping', true],
    ['site.*', 'site.complete', true],
    ['site.*', 'site.progress', true],
    ['site.*', 'sites.complete', false],
    ['site.*', 'revision.complete', false],
    ['site.complete', 'site.complete', true],
    ['site.complete', 'site.completed', false],
    ['site.complet', 'site.complete', false],
    ['warpweb.*', 'warpweb.webhook.test_ping', true],
    ['Site.*', 'site.complete', false],
  ])('%s vs %s -> %s', (pattern, type, expected) => {
    expect(typeMatches(pattern, type)).toBe(expected);
  });
});

describe('matchesFilter', () => {
  it.each<[string, EventFilter, boolean]>([
    ['an empty filter', {}, true],
    ['empty lists', { types: [], providers: [], resources: [] }, true],
    ['a matching type list', { types: ['form.submitted', 'site.complete'] }, true],
    ['a wildcard in a list', { types: ['revision.*', 'site.*'] }, true],
    ['no matching type', { types: ['revision.*', 'site.failed'] }, false],
    ['the provider', { providers: ['lindo', 'warpweb'] }, true],
    ['another provider', { providers: ['lindo'] }, false],
    ['the subject', { resources: ['warpweb/site/s2', 'warpweb/site/s1'] }, true],
    ['another subject', { resources: ['warpweb/site/s2'] }, false],
    ['a subject prefix is not a match', { resources: ['warpweb/site/s'] }, false],
    ['all three matching', { types: ['site.*'], providers: ['warpweb'], resources: ['warpweb/site/s1'] }, true],
    ['two of three matching', { types: ['site.*'], providers: ['lindo'], resources: ['warpweb/site/s1'] }, false],
  ])('%s -> %s', (_name, filter, expected) => {
    expect(matchesFilter(filter, event)).toBe(expected);
  });
});

describe('parseList', () => {
  it.each<[readonly string[] | undefined, string[] | undefined]>([
    [undefined, undefined],
    [[], undefined],
    [[''], undefined],
    [[' , ,'], undefined],
    [['a'], ['a']],
    [['a,b'], ['a', 'b']],
    [['a, b ', 'c'], ['a', 'b', 'c']],
    [['a,,b', ''], ['a', 'b']],
  ])('%j -> %j', (input, expected) => {
    expect(parseList(input)).toEqual(expected);
  });
});
