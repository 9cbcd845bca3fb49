/**
 * A database made before the segmented log (every schema part but the last, events appended the
 * way they were then) opens with its `events` table as the first segment: nothing lost, the
 * sequence continues, and opening again changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyData } from '../core/event';
import { openNodeSqlite } from './node-sqlite';
import { SCHEMA } from './schema';
import { createStore } from './store';

const dir = mkdtempSync(join(tmpdir(), 'sitewire-segments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const D1 = Date.UTC(2026, 11, 1);

/** An append as the store did it before segments: the meta counter, then the row in `events`. */
function appendTheOldWay(db: ReturnType<typeof openNodeSqlite>, n: number, createdAt: number) {
  const seq = Number(
    db.get<{ value: string }>(
      `INSERT INTO meta (key, value) VALUES ('event_seq', '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`,
    )!.value,
  );
  db.run(
    'INSERT INTO events (seq, id, type, subject, provider, time, source, created_at, body) VALUES (?,?,?,?,?,?,?,?,?)',
    seq,
    `evt_old_${n}`,
    'site.progress',
    `warpweb/site/s${n % 2}`,
    'warpweb',
    new Date(createdAt).toISOString(),
    'sitewire/warpweb',
    createdAt,
    JSON.stringify({ id: `evt_old_${n}`, sequence: String(seq).padStart(20, '0') }),
  );
}

describe('opening a database from before the segmented log', () => {
  it('turns its events table into the first segment, with every row and index', () => {
    const path = join(dir, 'old.db');
    const old = openNodeSqlite(path);
    for (const part of SCHEMA.slice(0, -1)) old.exec(part);
    // Three days of events, and two pruned the old way (the sequence had moved past them).
    for (let i = 1; i <= 6; i += 1) appendTheOldWay(old, i, D1 + Math.floor((i - 1) / 2) * DAY + 1000);
    old.run('DELETE FROM events WHERE seq <= 2');
    old.close();

    const db = openNodeSqlite(path);
    try {
      const store = createStore(db);
      expect(store.events.segments()).toEqual([
        {
          windowStart: D1 + DAY,
          windowEnd: D1 + 3 * DAY,
          name: 'events_20261202',
          firstSeq: 3,
          lastSeq: 6,
          rowCount: 4,
        },
      ]);
      expect(store.events.after(0, {}, 10).map((e) => e.id)).toEqual([3, 4, 5, 6].map((i) => `evt_old_${i}`));
      expect(store.events.after(0, { resources: ['warpweb/site/s1'] }, 10).map((e) => e.seq)).toEqual([3, 5]);
      expect(store.events.byId('evt_old_5')?.seq).toBe(5);
      expect(store.events.oldestSeq()).toBe(3);
      expect(store.events.lastSeq()).toBe(6);
      const indexes = db
        .all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events_20261202'")
        .map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['events_subject_seq', 'events_created_at']));

      // Within the old table's last window the events join it; the next day starts a new segment.
      expect(store.events.append(newEvent('evt_new_1'), D1 + 2 * DAY + 5000).seq).toBe(7);
      expect(store.events.append(newEvent('evt_new_2'), D1 + 3 * DAY).seq).toBe(8);
      expect(store.events.segments().map((s) => [s.name, s.firstSeq, s.lastSeq, s.rowCount])).toEqual([
        ['events_20261202', 3, 7, 5],
        ['events_20261204', 8, 8, 1],
      ]);
    } finally {
      db.close();
    }

    // Opened again: the same log, no empty `events` table left behind.
    const again = openNodeSqlite(path);
    try {
      const store = createStore(again);
      expect(store.events.after(0, {}, 10).map((e) => e.seq)).toEqual([3, 4, 5, 6, 7, 8]);
      expect(again.get("SELECT type FROM sqlite_master WHERE name = 'events'")).toEqual({ type: 'view' });
      // Retention drops the migrated table whole once its last window has ended.
      expect(store.events.pruneBefore(D1 + 3 * DAY)).toBe(5);
      expect(store.events.after(0, {}, 10).map((e) => e.seq)).toEqual([8]);
    } finally {
      again.close();
    }
  });

  it('drops an empty events table and starts with no segment', () => {
    const db = openNodeSqlite(':memory:');
    try {
      for (const part of SCHEMA.slice(0, -1)) db.exec(part);
      const store = createStore(db);
      expect(store.events.segments()).toEqual([]);
      expect(store.events.lastSeq()).toBe(0);
      expect(store.events.oldestSeq()).toBeNull();
    } finally {
      db.close();
    }
  });
});

const newEvent = (id: string) => ({
  id,
  type: 'site.progress',
  subject: 'warpweb/site/new',
  provider: 'warpweb',
  time: '2026-12-03T00:00:00.000Z',
  data: emptyData('warpweb', 'webhook'),
});
