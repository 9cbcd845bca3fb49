/** Retention pruning driven through the ticker with a fake clock, on a real SQLite file. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { utf8 } from '../src/core/bytes';
import { createApp } from '../src/http/create-app';
import { silentLogger } from '../src/log';
import { warpweb } from '../src/providers/warpweb';
import { signWarpweb } from '../src/providers/warpweb/verify';
import { createRelay } from '../src/services/relay';
import { openNodeSqlite, type NodeSqlite } from '../src/storage/node-sqlite';
import { ADMIN_TOKEN, relayEnv, tempDir, WARPWEB_SECRET } from './helpers/relay';

const DAY = 86_400_000;
const START = Date.parse('2026-05-01T00:00:00Z');

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(retentionDays: string) {
  const dir = tempDir();
  const dbPath = join(dir, 'sitewire.db');
  const db: NodeSqlite = openNodeSqlite(dbPath);
  cleanup = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const clock = { now: START };
  const armed: (number | null)[] = [];
  const config = loadConfig(relayEnv(dbPath, { SITEWIRE_RETENTION_DAYS: retentionDays }));
  const relay = createRelay({
    config,
    db,
    logger: silentLogger,
    runtime: 'node',
    arm: (at) => armed.push(at),
    now: () => clock.now,
  });
  const app = createApp({ relay, adminToken: () => ADMIN_TOKEN });

  let n = 0;
  async function webhook(type: string, site: string) {
    n += 1;
    const raw = JSON.stringify({
      event_id: `ret-${n}`,
      type,
      site_id: site,
      occurred_at: new Date(clock.now).toISOString(),
      payload: {},
    });
    const ts = Math.floor(clock.now / 1000);
    const headers = new Headers({
      'x-warpweb-timestamp': String(ts),
      'x-warpweb-signature': await signWarpweb(WARPWEB_SECRET, ts, raw),
    });
    return relay.ingest.ingest(warpweb, { body: utf8(raw), headers, query: new URLSearchParams() });
  }
  const listed = async () =>
    (await (
      await app.request('/v1/events?limit=1000', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as {
      data: { sequence: string; subject: string }[];
    };
  return { relay, clock, armed, webhook, listed };
}

describe('retention', () => {
  it('prunes events, inbox keys and finished resources older than SITEWIRE_RETENTION_DAYS, once an hour', async () => {
    const t = setup('7');
    await t.webhook('site.complete', 'old-done'); // seq 1
    await t.webhook('site.research_ready', 'old-running'); // seq 2
    t.clock.now = START + 5 * DAY;
    await t.webhook('site.complete', 'recent'); // seq 3

    const pruned: number[] = [];
    t.relay.pruners.push((cutoff) => (pruned.push(cutoff), 0));

    t.clock.now = START + 7 * DAY + 1;
    await t.relay.ticker.tick();
    expect(pruned).toEqual([START + 1]);
    expect(t.armed.at(-1)).toBe(t.clock.now + 3_600_000);
    // Events go by whole day segments (docs/scaling.md#the-time-segmented-log-built): the first day's
    // segment ends at START + 1 day, after this cutoff, so its events stay until a cutoff passes that.
    expect((await t.listed()).data.map((e) => e.sequence)).toEqual([
      '00000000000000000001',
      '00000000000000000002',
      '00000000000000000003',
    ]);

    const store = t.relay.store;
    expect(store.resources.get('warpweb/site/old-done')).toBeUndefined();
    // A build still running is remembered whatever its age, so it still emits once.
    expect(store.resources.get('warpweb/site/old-running')).toMatchObject({ status: 'running' });
    expect(store.resources.get('warpweb/site/recent')).toMatchObject({ status: 'complete' });
    // The old inbox key is gone: the same event id is taken in again (its build is forgotten, so it emits again).
    expect(store.inbox.claim('warpweb:ret-1', 'warpweb', t.clock.now)).toBe(true);
    expect(store.inbox.claim('warpweb:ret-3', 'warpweb', t.clock.now)).toBe(false);

    // Not due again within the hour.
    t.clock.now += 3_599_999;
    await t.relay.ticker.tick();
    expect(pruned).toHaveLength(1);
    t.clock.now += 1;
    await t.relay.ticker.tick();
    expect(pruned).toHaveLength(2);

    t.clock.now = START + 8 * DAY;
    t.relay.ticker.wake('retention');
    await t.relay.ticker.tick();
    expect(pruned.at(-1)).toBe(START + DAY);
    expect((await t.listed()).data.map((e) => e.sequence)).toEqual(['00000000000000000003']);

    // Sequence numbers are never reused after pruning.
    const ack = await t.webhook('site.complete', 'after-prune');
    expect(store.events.byId(ack.events[0]!)?.seq).toBe(4);
  });

  it('keeps everything younger than the cutoff, and a segment until its whole window is older', async () => {
    const t = setup('0.5');
    await t.webhook('site.complete', 'a');
    t.clock.now = START + DAY / 2;
    await t.webhook('site.complete', 'b');
    await t.relay.ticker.tick(); // cutoff = START exactly: nothing strictly older
    expect((await t.listed()).data.map((e) => e.subject)).toEqual(['warpweb/site/a', 'warpweb/site/b']);
    t.clock.now += 1;
    t.relay.ticker.wake('retention');
    await t.relay.ticker.tick();
    // `a` is older than the cutoff, but its day's segment has not ended: at most N days and one window.
    expect((await t.listed()).data.map((e) => e.subject)).toEqual(['warpweb/site/a', 'warpweb/site/b']);
    t.clock.now = START + DAY + DAY / 2;
    await t.webhook('site.complete', 'c');
    t.relay.ticker.wake('retention');
    await t.relay.ticker.tick(); // cutoff = START + 1 day: the first segment's window has ended
    expect((await t.listed()).data.map((e) => e.subject)).toEqual(['warpweb/site/c']);
  });
});
