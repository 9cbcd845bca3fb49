/**
 * The time-segmented log (docs/scaling.md#the-time-segmented-log-built) in a real Durable Object:
 * events written on two days land in two segment tables; retention drops the older segment whole
 * (its table and its directory row) and leaves the newer intact; a client resuming from before it
 * gets what SPEC §2.4 promises, through `/v1/events?after=` and an SSE stream (the gap event once,
 * then exactly the rest). And an append writes no more SQLite rows than before segments.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyData } from '../../src/core/event';
import { createRelayObject, type RelayObject } from '../../src/runtime/relay-object';
import { openDurableObjectSql } from '../../src/storage/durable-object';
import { eventsTableSql, SEGMENT_WINDOW_MS } from '../../src/storage/segments';
import { createStore } from '../../src/storage/store';
import { warpwebWebhook } from '../helpers/webhook-requests';
import { BASE, warpwebEnvelope } from './relay';
import { readSse } from './sse';

const DAY = SEGMENT_WINDOW_MS;
// A day after the real clock's, so no alarm armed at these times fires during the test.
const DAY1 = Date.UTC(2027, 2, 1);
const pad = (n: number) => String(n).padStart(20, '0');
const auth = { authorization: `Bearer ${env.SITEWIRE_ADMIN_TOKEN}` };

afterEach(() => {
  vi.restoreAllMocks();
});

/** The relay over the object `segments-log`'s own storage, at a moved clock (the relay reads Date.now). */
function inLog<T>(now: number, fn: (log: RelayObject, sql: SqlStorage) => Promise<T>): Promise<T> {
  vi.spyOn(Date, 'now').mockReturnValue(now);
  return runInDurableObject(env.RELAY.getByName('segments-log'), (_object, state) =>
    fn(
      createRelayObject(state, { ...env, FANOUT: undefined, DELIVERIES: undefined, SITEWIRE_RETENTION_DAYS: '1' }),
      state.storage.sql,
    ),
  );
}

async function ingest(log: RelayObject, site: string): Promise<void> {
  const init = await warpwebWebhook(warpwebEnvelope('form.submit', site, { name: site }), {
    secret: env.WARPWEB_WEBHOOK_SECRET,
  });
  expect((await log.fetch(new Request(`${BASE}/ingest/warpweb`, init))).status).toBe(200);
}

async function listed(log: RelayObject, after: number) {
  const res = await log.fetch(new Request(`${BASE}/v1/events?after=${after}&limit=100`, { headers: auth }));
  expect(res.status).toBe(200);
  return (await res.json()) as { data: { sequence: string }[]; oldest_sequence: string | null };
}

const tables = (sql: SqlStorage) =>
  sql
    .exec<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'events_%' ORDER BY name",
    )
    .toArray()
    .map((r) => r.name);

/** A row of the single `events` table as it was before segments, for the rows-written comparison. */
const insertBefore = (db: { run(sql: string, ...params: unknown[]): number }, seq: number, id: string) =>
  db.run(
    'INSERT INTO events_before (seq, id, type, subject, provider, time, source, created_at, body) VALUES (?,?,?,?,?,?,?,?,?)',
    seq,
    id,
    'site.progress',
    'warpweb/site/rows',
    'warpweb',
    '',
    'sitewire/warpweb',
    DAY1,
    '{}',
  );

describe('the time-segmented log in a Durable Object', () => {
  it('drops the older segment whole; a resume from before it gets the gap, then exactly the rest', async () => {
    await inLog(DAY1 + 3_600_000, async (log) => {
      await ingest(log, 'seg-a');
      await ingest(log, 'seg-b');
    });
    await inLog(DAY1 + DAY + 3_600_000, async (log) => {
      await ingest(log, 'seg-c');
      await ingest(log, 'seg-d');
    });
    const before = await inLog(DAY1 + DAY + 3_600_000, async (log, sql) => ({
      tables: tables(sql),
      segments: log.relay!.store.events.segments(),
      seqs: (await listed(log, 0)).data.map((e) => Number(e.sequence)),
    }));
    expect(before.tables).toEqual(['events_20270301', 'events_20270302', 'events_held']);
    const [s1, s2, s3, s4] = before.seqs;
    expect(before.seqs).toEqual([s1, s1! + 1, s1! + 2, s1! + 3]);
    expect(before.segments.map((s) => [s.name, s.firstSeq, s.lastSeq, s.rowCount])).toEqual([
      ['events_20270301', s1, s2, 2],
      ['events_20270302', s3, s4, 2],
    ]);

    // Two days and an hour in: the cutoff (one day back) is past the first day's end, not the second's.
    const after = await inLog(DAY1 + 2 * DAY + 3_600_000, async (log, sql) => {
      log.relay!.ticker.wake('retention');
      await log.alarm();
      return {
        tables: tables(sql),
        directory: sql.exec('SELECT name, first_seq, last_seq, row_count FROM event_segments').toArray(),
        page: await listed(log, s1!),
        fromStart: await listed(log, 0),
      };
    });
    expect(after.tables).toEqual(['events_20270302', 'events_held']);
    expect(after.directory).toEqual([{ name: 'events_20270302', first_seq: s3, last_seq: s4, row_count: 2 }]);
    expect(after.page.data.map((e) => Number(e.sequence))).toEqual([s3, s4]);
    expect(after.page.oldest_sequence).toBe(pad(s3!));
    expect(after.fromStart.data.map((e) => Number(e.sequence))).toEqual([s3, s4]);

    const frames = await inLog(DAY1 + 2 * DAY + 3_600_000, async (log) => {
      const res = await log.fetch(new Request(`${BASE}/v1/stream?last_event_id=${s1}`, { headers: auth }));
      expect(res.status).toBe(200);
      const sse = readSse(res);
      try {
        const got = [await sse.next(), await sse.next(), await sse.next(), await sse.next()];
        await ingest(log, 'seg-live');
        got.push(await sse.next());
        return got;
      } finally {
        await sse.close();
      }
    });
    expect(frames[0]).toEqual({ retry: '2000' });
    expect(frames[1]!.event).toBe('sitewire.gap');
    expect(frames[1]!.id).toBeUndefined();
    expect(JSON.parse(frames[1]!.data!).data).toEqual({ requested_after: pad(s1!), oldest_available: pad(s3!) });
    expect(frames.slice(2).map((f) => f.id)).toEqual([pad(s3!), pad(s4!), pad(s4! + 1)]);
  });

  it('writes no more SQLite rows per appended event than the single events table did, and a few to drop a day', async () => {
    const rows = await runInDurableObject(env.RELAY.getByName('segments-rows'), (_object, state) => {
      let written = 0;
      const db = openDurableObjectSql(state.storage, (n) => {
        written += n;
      });
      const store = createStore(db);
      const event = (id: string) => ({
        id,
        type: 'site.progress',
        subject: 'warpweb/site/rows',
        provider: 'warpweb',
        time: new Date(DAY1).toISOString(),
        data: emptyData('warpweb', 'webhook'),
      });
      const measure = (fn: () => void) => {
        const start = written;
        db.transaction(fn);
        return written - start;
      };
      const opening = measure(() => store.events.append(event('evt_rows_0'), DAY1));
      const segmented = measure(() => store.events.append(event('evt_rows_1'), DAY1 + 1));
      // The statements of an append before segments, on a table like the old one.
      db.exec(eventsTableSql('events_before'));
      const single = measure(() => {
        db.get(`INSERT INTO meta (key, value) VALUES ('seq_before', '1')
                ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`);
        insertBefore(db, 1, 'evt_rows_b');
      });
      // Retention: the window's 50 events dropped with their segment, against deleting as many rows.
      for (let i = 2; i < 50; i += 1) store.events.append(event(`evt_rows_${i}`), DAY1 + i);
      for (let i = 2; i <= 50; i += 1) insertBefore(db, i, `evt_rows_b${i}`);
      const dropped = measure(() => expect(store.events.pruneBefore(DAY1 + DAY)).toBe(50));
      const deleted = measure(() =>
        expect(db.run('DELETE FROM events_before WHERE created_at < ?', DAY1 + DAY)).toBe(50),
      );
      return { opening, segmented, single, dropped, deleted };
    });
    // The event row and its three index entries, and one counter row: the segment's directory row now;
    // before, the meta sequence, whose upsert workerd counts as two rows.
    expect(rows).toMatchObject({ segmented: 5, single: 6 });
    // The first event of a window inserts its directory row instead (creating the table and the view
    // counts no rows), once a window.
    expect(rows.opening).toBeLessThanOrEqual(rows.single);
    // Dropping a segment writes a few directory and meta rows, whatever it holds; deleting writes one per event.
    expect(rows).toMatchObject({ dropped: 3, deleted: 50 });
  });

  it('turns an events table from before segments into the first segment on open (ALTER TABLE RENAME on workerd)', async () => {
    const opened = await runInDurableObject(env.RELAY.getByName('segments-migration'), (_object, state) => {
      const { sql } = state.storage;
      // The storage as the schema before segments left it: an `events` table with rows, the sequence in meta.
      sql.exec('DROP VIEW events');
      sql.exec(eventsTableSql('events'));
      for (const seq of [41, 42])
        sql.exec(
          'INSERT INTO events (seq, id, type, subject, provider, time, source, created_at, body) VALUES (?,?,?,?,?,?,?,?,?)',
          seq,
          `evt_mig_${seq}`,
          'site.progress',
          'warpweb/site/mig',
          'warpweb',
          '',
          'sitewire/warpweb',
          DAY1 + seq,
          '{}',
        );
      sql.exec("INSERT INTO meta (key, value) VALUES ('event_seq', '42') ON CONFLICT (key) DO UPDATE SET value = '42'");
      const store = createStore(openDurableObjectSql(state.storage));
      const next = store.events.append({ ...migrated, id: 'evt_mig_next' }, DAY1 + DAY);
      return {
        segments: store.events.segments().map((s) => [s.name, s.firstSeq, s.lastSeq, s.rowCount]),
        seqs: store.events.after(0, {}, 10).map((e) => e.seq),
        byId: store.events.byId('evt_mig_41')?.seq,
        next: next.seq,
        kind: sql.exec<{ type: string }>("SELECT type FROM sqlite_master WHERE name = 'events'").one().type,
      };
    });
    expect(opened).toEqual({
      segments: [
        ['events_20270301', 41, 42, 2],
        ['events_20270302', 43, 43, 1],
      ],
      seqs: [41, 42, 43],
      byId: 41,
      next: 43,
      kind: 'view',
    });
  });
});

const migrated = {
  type: 'site.progress',
  subject: 'warpweb/site/mig',
  provider: 'warpweb',
  time: new Date(DAY1).toISOString(),
  data: emptyData('warpweb', 'webhook'),
};
