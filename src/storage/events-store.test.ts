/** The SQL filter selects exactly what core/filter selects, whatever characters types hold. */
import { afterAll, describe, expect, it } from 'vitest';
import { emptyData } from '../core/event';
import { matchesFilter, type EventFilter } from '../core/filter';
import { openNodeSqlite } from './node-sqlite';
import { segmentName, windowStartOf } from './segments';
import { createStore } from './store';

const db = openNodeSqlite(':memory:');
afterAll(() => db.close());
const store = createStore(db);

const TYPES = [
  'site.complete',
  'Site.complete',
  'site.progress',
  'sites.x',
  'a%b.c',
  'a_b.c',
  'aXb.c',
  'q*r',
  'q?r',
  'q[r]',
  'qr',
  'ünï.cödé',
  '\\x',
  'subscription.disabled',
  'delivery.dead',
  'provider.credentials_refused',
  'providers.x',
];
const stored = store.transaction(() =>
  TYPES.map((type, i) =>
    store.events.append(
      {
        id: `evt_${i}`,
        type,
        subject: `p${i % 2}/site/r${i % 3}`,
        provider: `p${i % 2}`,
        time: '2026-05-18T12:00:00.000Z',
        data: emptyData(`p${i % 2}`, 'relay'),
      },
      1,
    ),
  ),
);

describe('events store filters', () => {
  it.each<[EventFilter]>([
    [{ types: ['site.*'] }],
    [{ types: ['Site.*'] }],
    [{ types: ['site*'] }],
    [{ types: ['a%*'] }],
    [{ types: ['a_*'] }],
    [{ types: ['q*'] }],
    [{ types: ['q**'] }],
    [{ types: ['q?*'] }],
    [{ types: ['q[*'] }],
    [{ types: ['q[r]'] }],
    [{ types: ['ünï.*'] }],
    [{ types: ['\\*'] }],
    [{ types: ['*'] }],
    [{}],
    [{ providers: ['p0'] }],
    [{ types: ['subscription.*', 'delivery.dead'] }],
    [{ types: ['provider*'] }],
    [{ types: ['s*'] }],
    [{ types: ['site.complete', 'q*'] }],
    [{ providers: ['p1'] }],
    [{ resources: ['p0/site/r0', 'p1/site/r2'] }],
    [{ types: ['site.*', 'a*'], providers: ['p0'], resources: ['p0/site/r0', 'p0/site/r1'] }],
  ])('%j', (filter) => {
    const expected = stored.filter((e) => matchesFilter(filter, e)).map((e) => e.seq);
    expect(store.events.after(0, filter, 100).map((e) => e.seq)).toEqual(expected);
  });

  it('leaves operational events out unless the types name them', () => {
    const types = (filter: EventFilter) => store.events.after(0, filter, 100).map((e) => e.type);
    expect(types({})).not.toContain('delivery.dead');
    expect(types({})).toContain('providers.x');
    expect(types({ types: ['delivery.*'] })).toEqual(['delivery.dead']);
  });

  it('pages in sequence order after a cursor', () => {
    expect(store.events.after(3, {}, 4).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    expect(store.events.lastSeq()).toBe(TYPES.length);
  });
});

describe('events stored before sequences were padded', () => {
  it('read back with the 20-digit sequence', () => {
    const seq = 9_000;
    const old = { specversion: '1.0', id: 'evt_old', type: 'site.complete', sequence: String(seq), data: {} };
    const json = JSON.stringify(old);
    // Into the segment the events above went to (all appended at time 1).
    db.run(
      `INSERT INTO ${segmentName(windowStartOf(1))} (seq, id, type, subject, provider, time, source, created_at, body)` +
        ' VALUES (?,?,?,?,?,?,?,?,?)',
      seq,
      'evt_old',
      'site.complete',
      'p0/site/old',
      'p0',
      '2026-05-18T12:00:00.000Z',
      'sitewire/p0',
      1,
      json,
    );
    expect(JSON.parse(store.events.byId('evt_old')!.json).sequence).toBe('00000000000000009000');
    expect(JSON.parse(store.events.after(seq - 1, {}, 1)[0]!.json).sequence).toBe('00000000000000009000');
  });
});
