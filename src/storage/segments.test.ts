/**
 * The segment directory over a real SQLite database: which segment an event goes to, sequences
 * across segments, reads across them, and retention dropping whole segments only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyData, type NewEvent } from '../core/event';
import { openNodeSqlite, type NodeSqlite } from './node-sqlite';
import { SEGMENT_WINDOW_MS } from './segments';
import { createStore } from './store';

const DAY = SEGMENT_WINDOW_MS;
const D8 = Date.UTC(2026, 11, 8);
let db: NodeSqlite;
afterEach(() => db.close());

function open() {
  db = openNodeSqlite(':memory:');
  return createStore(db);
}

let n = 0;
const event = (subject = 'warpweb/site/a'): NewEvent => {
  n += 1;
  return {
    id: `evt_seg_${n}`,
    type: 'site.progress',
    subject,
    provider: 'warpweb',
    time: '2026-12-08T00:00:00.000Z',
    data: emptyData('warpweb', 'webhook'),
  };
};

const tables = () =>
  db
    .all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'events%' ORDER BY name")
    .map((r) => r.name);

describe('the segment directory', () => {
  it('puts an event in the segment of its UTC day, and starts a new one exactly at the window boundary', () => {
    const store = open();
    store.events.append(event(), D8);
    store.events.append(event(), D8 + DAY - 1);
    store.events.append(event(), D8 + DAY);
    expect(store.events.segments()).toEqual([
      { windowStart: D8, windowEnd: D8 + DAY, name: 'events_20261208', firstSeq: 1, lastSeq: 2, rowCount: 2 },
      { windowStart: D8 + DAY, windowEnd: D8 + 2 * DAY, name: 'events_20261209', firstSeq: 3, lastSeq: 3, rowCount: 1 },
    ]);
    expect(tables()).toEqual(['events_20261208', 'events_20261209', 'events_held']);
    expect(db.all('SELECT seq FROM events_20261209')).toEqual([{ seq: 3 }]);
  });

  it('gives contiguous sequences across segments, and reads across them in order, by filter and by id', () => {
    const store = open();
    for (let day = 0; day < 3; day += 1)
      for (const s of ['a', 'b']) store.events.append(event(`warpweb/site/${s}`), D8 + day * DAY + 1000);
    const segments = store.events.segments();
    expect(segments.map((s) => [s.firstSeq, s.lastSeq])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(store.events.after(0, {}, 100).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.events.after(1, { resources: ['warpweb/site/b'] }, 2).map((e) => e.seq)).toEqual([2, 4]);
    expect(store.events.after(3, {}, 2).map((e) => e.seq)).toEqual([4, 5]);
    const first = store.events.after(0, {}, 1)[0]!;
    expect(store.events.byId(first.id)).toEqual(first);
    expect(store.events.byId(`evt_seg_${n}`)?.seq).toBe(6);
    expect(store.events.byId('evt_none')).toBeUndefined();
    expect(store.events.oldestSeq()).toBe(1);
    expect(store.events.lastSeq()).toBe(6);
    expect(store.events.firstSeqSince(D8 + DAY)).toBe(3);
  });

  it('keeps appending to the newest segment when the clock goes back, so windows never overlap', () => {
    const store = open();
    store.events.append(event(), D8 + DAY);
    store.events.append(event(), D8 + 1000);
    expect(store.events.segments().map((s) => [s.name, s.firstSeq, s.lastSeq])).toEqual([['events_20261209', 1, 2]]);
  });

  it('reads `seq > ?` through each segment primary key, merged in order', () => {
    const store = open();
    for (let day = 0; day < 3; day += 1) store.events.append(event(), D8 + day * DAY);
    const plan = db
      .all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?', 0, 10)
      .map((r) => r.detail);
    for (const t of ['events_held', 'events_20261208', 'events_20261209', 'events_20261210'])
      expect(plan).toContain(`SEARCH ${t} USING INTEGER PRIMARY KEY (rowid>?)`);
    expect(plan.some((d) => d.startsWith('SCAN') || d.includes('TEMP B-TREE'))).toBe(false);
    const bySubject = db
      .all<{ detail: string }>(
        'EXPLAIN QUERY PLAN SELECT * FROM events WHERE seq > ? AND subject = ? ORDER BY seq LIMIT ?',
        0,
        'warpweb/site/a',
        10,
      )
      .map((r) => r.detail);
    expect(bySubject).toContain('SEARCH events_20261209 USING INDEX events_20261209_subject_seq (subject=? AND seq>?)');
  });
});

describe('retention over segments', () => {
  it('drops whole segments whose window ended by the cutoff: the table and its directory row', () => {
    const store = open();
    store.events.append(event(), D8 + 5);
    store.events.append(event(), D8 + DAY + 5);
    store.events.append(event(), D8 + DAY + 6);
    // Cutoff inside the second day: its rows at +5 and +6 ms are older, but its window has not ended.
    expect(store.events.pruneBefore(D8 + DAY + 10)).toBe(1);
    expect(store.events.segments().map((s) => s.name)).toEqual(['events_20261209']);
    expect(tables()).toEqual(['events_20261209', 'events_held']);
    expect(store.events.after(0, {}, 10).map((e) => e.seq)).toEqual([2, 3]);
    expect(store.events.oldestSeq()).toBe(2);
    // The window ends at the cutoff: every row in it is older, so it goes.
    expect(store.events.pruneBefore(D8 + 2 * DAY)).toBe(2);
    expect(store.events.segments()).toEqual([]);
    expect(store.events.oldestSeq()).toBeNull();
    // No sequence is given out twice, even with every segment gone.
    expect(store.events.lastSeq()).toBe(3);
    expect(store.events.append(event(), D8 + 10 * DAY).seq).toBe(4);
  });

  it('keeps an event a delivery waits for when its segment goes, until the delivery is done', () => {
    const store = open();
    const waiting = store.events.append(event(), D8);
    store.events.append(event(), D8 + 1);
    db.run(
      `INSERT INTO deliveries (id, subscription_id, event_seq, event_id, event_type, subject, status, created_at, updated_at)
       VALUES ('dlv_1', 'sub_1', ?, ?, 'site.progress', 'warpweb/site/a', 'failed', 0, 0)`,
      waiting.seq,
      waiting.id,
    );
    expect(store.events.pruneBefore(D8 + DAY)).toBe(1);
    expect(tables()).toEqual(['events_held']);
    expect(store.events.after(0, {}, 10)).toEqual([waiting]);
    expect(store.events.byId(waiting.id)).toEqual(waiting);
    expect(store.events.oldestSeq()).toBe(waiting.seq);
    db.run("UPDATE deliveries SET status = 'succeeded'");
    expect(store.events.pruneBefore(D8 + DAY)).toBe(1);
    expect(store.events.oldestSeq()).toBeNull();
  });

  it('keeps an event at least N days and at most N days and one window', () => {
    const store = open();
    const retention = 7 * DAY;
    const prune = (now: number) => store.events.pruneBefore(now - retention);
    const stored = D8 + 1;
    store.events.append(event(), stored);
    expect(prune(stored + retention)).toBe(0); // exactly N days old
    expect(prune(D8 + DAY + retention - 1)).toBe(0); // its window ends 1 ms after the cutoff
    expect(prune(D8 + DAY + retention)).toBe(1); // N days and one window after the window's start
  });
});
