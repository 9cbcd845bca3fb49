import { describe, expect, it } from 'vitest';
import { filterCovers, typeCovers } from './filter';

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
    expect(filterCovers({ types: ['form.*', 'site.*'], providers: ['warpweb'], resources: ['warpweb/site/b', 'warpweb/site/a'] }, build)).toBe(true);
    expect(filterCovers({ resources: ['warpweb/site/b'] }, build)).toBe(false);
    expect(filterCovers({ providers: ['lindo'] }, build)).toBe(false);
    expect(filterCovers({ types: ['site.complete', 'site.failed'] }, build)).toBe(false);
  });
});
