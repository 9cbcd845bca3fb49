import { describe, expect, it } from 'vitest';
import { filterCovers, matchesFilter, parseList, typeCovers, typeMatches, type EventFilter } from './filter';

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

  const dead = { type: 'delivery.dead', provider: 'sitewire', subject: 'sitewire/delivery/dlv_1' };
  it.each<[string, EventFilter, boolean]>([
    ['no types: operational events are opt-in', {}, false],
    ['empty types', { types: [] }, false],
    ['a provider filter alone', { providers: ['sitewire'] }, false],
    ['build types only', { types: ['site.*'] }, false],
    ['named by its prefix', { types: ['delivery.*'] }, true],
    ['named exactly', { types: ['delivery.dead'] }, true],
    ['every type', { types: ['*'] }, true],
  ])('an operational event, %s -> %s', (_name, filter, expected) => {
    expect(matchesFilter(filter, dead)).toBe(expected);
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
    [
      ['a, b ', 'c'],
      ['a', 'b', 'c'],
    ],
    [
      ['a,,b', ''],
      ['a', 'b'],
    ],
  ])('%j -> %j', (input, expected) => {
    expect(parseList(input)).toEqual(expected);
  });
});

describe('typeCovers', () => {
  it.each([
    ['*', 'site.*', true],
    ['site.*', 'site.*', true],
    ['s*', 'site.*', true],
    ['site.*', 'site.complete', true],
    ['site.complete', 'site.*', false],
    ['site.complete', 'site.complete', true],
    ['page.*', 'site.*', false],
    ['site.progress*', 'site.*', false],
  ])('%s covers %s: %s', (pattern, wanted, covers) => {
    expect(typeCovers(pattern, wanted)).toBe(covers);
  });
});

describe('filterCovers', () => {
  const build = { type: 'site.*', provider: 'warpweb', subject: 'warpweb/site/a' };
  it('needs every list to admit the whole build; an empty list admits all', () => {
    expect(filterCovers({}, build)).toBe(true);
    expect(filterCovers({ types: [], providers: [], resources: [] }, build)).toBe(true);
    expect(
      filterCovers(
        { types: ['form.*', 'site.*'], providers: ['warpweb'], resources: ['warpweb/site/b', 'warpweb/site/a'] },
        build,
      ),
    ).toBe(true);
    expect(filterCovers({ resources: ['warpweb/site/b'] }, build)).toBe(false);
    expect(filterCovers({ providers: ['lindo'] }, build)).toBe(false);
    expect(filterCovers({ types: ['site.complete', 'site.failed'] }, build)).toBe(false);
  });
});
