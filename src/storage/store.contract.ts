/**
 * The storage contract: cases run unchanged against every driver —
 * better-sqlite3 in Node (store.contract.test.ts) and a Durable Object's
 * SQL storage in workerd (store.contract.workers.test.ts). The SqlDb cases
 * come first; then the store on top of each driver, on the one schema.
 */
import { expect } from 'vitest';
import { emptyData, type NewEvent } from '../core/event';
import type { ResourceState } from '../core/state-tracker';
import { CONTENT_FILTER_CONTRACT } from './content-filter.contract';
import { DELIVERIES_CONTRACT } from './deliveries.contract';
import { RELAY_STATE_CONTRACT } from './relay-state.contract';
import { SQL_CONTRACT, type ContractCase } from './sql.contract';
import { createStore } from './store';
import { WATCHES_CONTRACT } from './watches.contract';

export type { ContractCase } from './sql.contract';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 17, 12);

const newEvent = (n: number, type: string, subject: string, provider = 'warpweb'): NewEvent => ({
  id: `evt_${n}`,
  type,
  subject,
  provider,
  time: new Date(T0).toISOString(),
  data: { ...emptyData(provider, 'webhook'), message: `n${n}` },
});

const resource = (subject: string, terminal: boolean, updatedAt: number): ResourceState => ({
  subject,
  provider: 'warpweb',
  kind: 'site',
  resourceId: subject.split('/')[2]!,
  status: terminal ? 'complete' : 'running',
  phase: null,
  message: null,
  progress: null,
  providerTime: null,
  terminal,
  lastSeq: 1,
  lastEventId: 'evt_1',
  data: emptyData('warpweb', 'poll'),
  updatedAt,
});

const storeCases: ContractCase[] = [
  {
    name: 'the schema applies twice over the same database',
    run(db) {
      createStore(db);
      const store = createStore(db);
      expect(store.ping()).toBe(true);
      expect(store.events.lastSeq()).toBe(0);
    },
  },
  {
    name: 'events get strictly increasing sequences that pruning never gives out again',
    run(db) {
      const { events } = createStore(db);
      const a = events.append(newEvent(1, 'site.progress', 'warpweb/site/a'), T0 - 10 * DAY);
      const b = events.append(newEvent(2, 'site.complete', 'warpweb/site/a'), T0);
      expect([a.seq, b.seq]).toEqual([1, 2]);
      expect(JSON.parse(b.json)).toMatchObject({
        id: 'evt_2',
        sequence: '00000000000000000002',
        source: 'sitewire/warpweb',
        data: { message: 'n2' },
      });
      expect(events.pruneBefore(T0 - DAY)).toBe(1);
      expect(events.append(newEvent(3, 'site.queued', 'warpweb/site/b'), T0).seq).toBe(3);
      expect(events.lastSeq()).toBe(3);
      expect(events.byId('evt_1')).toBeUndefined();
      expect(events.byId('evt_2')).toEqual(b);
    },
  },
  {
    name: 'events read back after a sequence, in order, through every filter',
    run(db) {
      const { events } = createStore(db);
      events.append(newEvent(1, 'site.progress', 'warpweb/site/a'), T0);
      events.append(newEvent(2, 'site_x.other', 'warpweb/site/b'), T0);
      events.append(newEvent(3, 'page.complete', 'lindo/page/p', 'lindo'), T0);
      events.append(newEvent(4, 'site.complete', 'warpweb/site/a'), T0);
      const ids = (after: number, filter: Parameters<typeof events.after>[1], limit = 100) =>
        events.after(after, filter, limit).map((e) => e.id);
      expect(ids(0, {})).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
      expect(ids(1, {}, 2)).toEqual(['evt_2', 'evt_3']);
      // `site.*` is a prefix, and `_` in it is not a wildcard.
      expect(ids(0, { types: ['site.*'] })).toEqual(['evt_1', 'evt_4']);
      expect(ids(0, { types: ['page.complete', 'site.complete'] })).toEqual(['evt_3', 'evt_4']);
      expect(ids(0, { providers: ['lindo'] })).toEqual(['evt_3']);
      expect(ids(0, { resources: ['warpweb/site/a'], types: ['*'] })).toEqual(['evt_1', 'evt_4']);
      expect(ids(4, {})).toEqual([]);
    },
  },
  {
    name: 'event filters of any size the API allows stay within the SQL limits (100 parameters, short LIKE patterns)',
    run(db) {
      const { events } = createStore(db);
      const long = `site.${'x'.repeat(280)}`;
      events.append(newEvent(1, `${long}.done`, 'warpweb/site/a'), T0);
      events.append(newEvent(2, 'site.complete', 'warpweb/site/b'), T0);
      const many = (prefix: string) => Array.from({ length: 50 }, (_, i) => `${prefix}${i}`);
      const filter = {
        types: [...many('other.type.'), `${long}*`],
        providers: [...many('p'), 'warpweb'],
        resources: [...many('warpweb/site/z'), 'warpweb/site/a', 'warpweb/site/b'],
      };
      expect(events.after(0, filter, 10).map((e) => e.id)).toEqual(['evt_1']);
      expect(events.after(0, { ...filter, types: [...many('t'), 'site.complete'] }, 10).map((e) => e.id)).toEqual([
        'evt_2',
      ]);
      // A prefix is literal text: % and _ match only themselves.
      expect(events.after(0, { types: ['site%*', 'site_*'] }, 10)).toEqual([]);
    },
  },
  {
    name: 'an inbox key is claimed once, until retention forgets it',
    run(db) {
      const { inbox } = createStore(db);
      expect(inbox.claim('warpweb:1', 'warpweb', T0 - 10 * DAY)).toBe(true);
      expect(inbox.claim('warpweb:1', 'warpweb', T0)).toBe(false);
      expect(inbox.claim('warpweb:2', 'warpweb', T0)).toBe(true);
      expect(inbox.pruneBefore(T0 - DAY)).toBe(1);
      expect(inbox.claim('warpweb:1', 'warpweb', T0)).toBe(true);
    },
  },
  {
    name: 'a rolled-back ingest keeps neither its dedup key nor its events',
    run(db) {
      const store = createStore(db);
      expect(() =>
        store.transaction(() => {
          store.inbox.claim('k', 'warpweb', T0);
          store.events.append(newEvent(1, 'site.complete', 'warpweb/site/a'), T0);
          throw new Error('crash before commit');
        }),
      ).toThrow('crash before commit');
      expect(store.inbox.claim('k', 'warpweb', T0)).toBe(true);
      expect(store.events.after(0, {}, 10)).toEqual([]);
    },
  },
  {
    name: 'meta values are set, replaced, and set only when absent',
    run(db) {
      const { meta } = createStore(db);
      expect(meta.get('x')).toBeUndefined();
      expect(meta.setIfAbsent('x', 'first')).toBe('first');
      expect(meta.setIfAbsent('x', 'second')).toBe('first');
      meta.set('x', 'third');
      expect(meta.get('x')).toBe('third');
    },
  },
  {
    name: 'resource state round-trips; retention drops only finished resources',
    run(db) {
      const { resources } = createStore(db);
      const running = resource('warpweb/site/r', false, T0 - 10 * DAY);
      resources.put(running);
      resources.put(resource('warpweb/site/d', true, T0 - 10 * DAY));
      resources.put(resource('warpweb/site/new', true, T0));
      expect(resources.get('warpweb/site/r')).toEqual(running);
      expect(resources.pruneTerminalBefore(T0 - DAY)).toBe(1);
      expect(resources.get('warpweb/site/d')).toBeUndefined();
      expect(resources.get('warpweb/site/new')?.terminal).toBe(true);
      resources.put({ ...running, status: 'complete', terminal: true, updatedAt: T0 });
      expect(resources.get('warpweb/site/r')).toMatchObject({ status: 'complete', terminal: true });
    },
  },
];

export const STORAGE_CONTRACT: readonly ContractCase[] = [
  ...SQL_CONTRACT,
  ...storeCases,
  ...WATCHES_CONTRACT,
  ...DELIVERIES_CONTRACT,
  ...RELAY_STATE_CONTRACT,
  ...CONTENT_FILTER_CONTRACT,
];
