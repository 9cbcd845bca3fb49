/**
 * Content filters select the same events in SQL (the events store) as in memory
 * (core/content-filter.ts), on every driver: one table of cases, each checked both ways.
 */
import { expect } from 'vitest';
import type { ContentFilter } from '../core/content-filter';
import { emptyData, type NewEvent } from '../core/event';
import { matchesFilter } from '../core/filter';
import type { ContractCase } from './sql.contract';
import { createStore } from './store';

const event = (n: number, type: string, extra: Record<string, unknown>): NewEvent => ({
  id: `evt_${n}`,
  type,
  subject: `warpweb/site/s${n}`,
  provider: 'warpweb',
  time: '2026-05-17T12:00:00.000Z',
  data: { ...emptyData('warpweb', 'webhook'), ...extra },
});

const EVENTS: NewEvent[] = [
  event(1, 'site.complete', { status: 'complete', metadata: { customer: 'acme', tier: 2, vip: true } }),
  event(2, 'site.failed', { status: 'failed', metadata: { customer: 'globex', tier: 1, vip: false } }),
  event(3, 'site.progress', { status: 'running', metadata: null }),
  event(4, 'form.submitted', { status: null, metadata: { customer: 'acme', 'team-id': 'a"b\\c' } }),
  event(5, 'site.complete', { status: 'complete', metadata: { customer: 'ACME', tier: '2', vip: 1 } }),
  event(6, 'site.progress', { status: 'running', metadata: { customer: 'üñï', tier: 2.5, nested: { a: 1 } } }),
];

/** [what it shows, filter, the event numbers it admits] */
export const CONTENT_FILTER_CASES: readonly [string, ContentFilter, number[]][] = [
  ['one value', { 'data.status': 'complete' }, [1, 5]],
  ['a list of values', { 'data.status': ['failed', 'running'] }, [2, 3, 6]],
  ['a top-level field', { type: 'form.submitted' }, [4]],
  ['metadata keys, case-sensitive', { 'data.metadata.customer': 'acme' }, [1, 4]],
  ['every key must match', { 'data.metadata.customer': 'acme', 'data.status': 'complete' }, [1]],
  ['a number is not its string', { 'data.metadata.tier': 2 }, [1]],
  ['a string is not its number', { 'data.metadata.tier': '2' }, [5]],
  ['a fraction', { 'data.metadata.tier': 2.5 }, [6]],
  ['true is not 1', { 'data.metadata.vip': true }, [1]],
  ['false', { 'data.metadata.vip': false }, [2]],
  ['1 is not true', { 'data.metadata.vip': 1 }, [5]],
  ['null matches a null value', { 'data.metadata': null }, [3]],
  ['null never matches a missing path', { 'data.metadata.vip': null }, []],
  ['a missing path matches nothing', { 'data.metadata.region': ['eu', 'us'] }, []],
  ['an object is never equal to a value', { 'data.metadata.nested': 'x' }, []],
  ['under an object', { 'data.metadata.nested.a': 1 }, [6]],
  ['through a non-object', { 'data.status.x': 'complete' }, []],
  ['quotes and backslashes in values, dashes in keys', { 'data.metadata.team-id': 'a"b\\c' }, [4]],
  ['non-ASCII text', { 'data.metadata.customer': 'üñï' }, [6]],
  ['an empty filter', {}, [1, 2, 3, 4, 5, 6]],
];

export const CONTENT_FILTER_CONTRACT: readonly ContractCase[] = [
  {
    name: 'content filters select the same events in SQL as in memory',
    run(db) {
      const store = createStore(db);
      const stored = store.transaction(() => EVENTS.map((e) => store.events.append(e, 1)));
      const numbers = (ids: string[]) => ids.map((id) => Number(id.slice(4)));
      for (const [name, filter, expected] of CONTENT_FILTER_CASES) {
        const bySql = numbers(store.events.after(0, { filter }, 100).map((e) => e.id));
        const inMemory = numbers(stored.filter((e) => matchesFilter({ filter }, e)).map((e) => e.id));
        expect({ name, bySql }).toEqual({ name, bySql: expected });
        expect({ name, inMemory }).toEqual({ name, inMemory: expected });
      }
    },
  },
  {
    name: 'a content filter combines with the other filters',
    run(db) {
      const store = createStore(db);
      store.transaction(() => EVENTS.map((e) => store.events.append(e, 1)));
      const ids = store.events
        .after(0, { types: ['site.*'], filter: { 'data.metadata.customer': ['acme', 'globex'] } }, 100)
        .map((e) => e.id);
      expect(ids).toEqual(['evt_1', 'evt_2']);
    },
  },
];
