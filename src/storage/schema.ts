/**
 * The one SQL schema both drivers run. Each part is idempotent
 * (`IF NOT EXISTS`), applied in order at start-up; a later change to an
 * existing table goes in as a new part, never as an edit of an old one.
 */
import { FOLLOWUPS_SCHEMA } from './followups-store';
import { dropEventsView, SEGMENTS_SCHEMA, settleEventsTable } from './segments-migration';
import type { SqlDb } from './sql';
import { SETTINGS_COLUMNS } from './subscription-settings';

const core = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- seq is assigned from meta.event_seq, so it never repeats, even after pruning.
CREATE TABLE IF NOT EXISTS events (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  provider   TEXT NOT NULL,
  time       TEXT NOT NULL,
  source     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  body       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_subject_seq ON events (subject, seq);
CREATE INDEX IF NOT EXISTS events_created_at ON events (created_at);

-- Provider webhooks already taken in: the dedup keys.
CREATE TABLE IF NOT EXISTS inbox (
  key         TEXT PRIMARY KEY,
  provider    TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_received_at ON inbox (received_at);

-- The last applied normalized state of each resource (the state tracker's memory).
CREATE TABLE IF NOT EXISTS resources (
  subject     TEXT PRIMARY KEY,
  provider    TEXT NOT NULL,
  kind        TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  terminal    INTEGER NOT NULL,
  last_seq    INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  state       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS resources_updated_at ON resources (updated_at);
`;

/** Metric counters that must survive restarts and pruning (name + canonical label set). */
const counters = `
CREATE TABLE IF NOT EXISTS counters (
  name   TEXT NOT NULL,
  labels TEXT NOT NULL,
  value  INTEGER NOT NULL,
  PRIMARY KEY (name, labels)
);
`;

// Watches: resources the poller follows to a terminal state; next_poll_at is the due-row column.
const watches = `
CREATE TABLE IF NOT EXISTS watches (
  id             TEXT PRIMARY KEY,
  provider       TEXT NOT NULL,
  kind           TEXT NOT NULL,
  resource_id    TEXT NOT NULL,
  subject        TEXT NOT NULL UNIQUE,
  state          TEXT NOT NULL,
  status         TEXT,
  phase          TEXT,
  message        TEXT,
  progress       TEXT,
  url            TEXT,
  polls          INTEGER NOT NULL DEFAULT 0,
  failures       INTEGER NOT NULL DEFAULT 0,
  urgent         INTEGER NOT NULL DEFAULT 0,
  webhook_seen   INTEGER NOT NULL DEFAULT 0,
  origin         TEXT NOT NULL,
  last_polled_at INTEGER,
  next_poll_at   INTEGER,
  deadline_at    INTEGER NOT NULL,
  last_error     TEXT,
  metadata       TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS watches_due ON watches (provider, state, next_poll_at);
CREATE INDEX IF NOT EXISTS watches_deadline ON watches (provider, state, deadline_at);
CREATE INDEX IF NOT EXISTS watches_state_id ON watches (state, id);

-- Other ids a watched resource is known by (Lindo website/page ids), so hints naming them find it.
CREATE TABLE IF NOT EXISTS watch_aliases (
  provider TEXT NOT NULL,
  alias    TEXT NOT NULL,
  watch_id TEXT NOT NULL,
  PRIMARY KEY (provider, alias, watch_id)
);
CREATE INDEX IF NOT EXISTS watch_aliases_watch ON watch_aliases (watch_id);
`;

// Subscriber webhooks (docs/api.md). The previous secret signs alongside the current one until previous_secret_until;
// failing_since marks the start of an unbroken run of failed attempts (the 5-day disable rule).
const subscriptions = `
CREATE TABLE IF NOT EXISTS subscriptions (
  id                    TEXT PRIMARY KEY,
  url                   TEXT NOT NULL,
  types                 TEXT NOT NULL,
  providers             TEXT NOT NULL,
  resources             TEXT NOT NULL,
  description           TEXT,
  secret                TEXT NOT NULL,
  previous_secret       TEXT,
  previous_secret_until INTEGER,
  enabled               INTEGER NOT NULL,
  disabled_reason       TEXT,
  failing_since         INTEGER,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  content_mode          TEXT NOT NULL DEFAULT 'json'
);

-- One row per (subscription, event) to deliver: due rows driven by next_attempt_at. status is
-- pending | failed (retry scheduled) | succeeded | dead; claimed_at is set while an attempt runs;
-- attempts holds the attempt log as JSON. Per-resource order: of the active rows of one
-- (subscription, subject), only the head (the earliest event) may be attempted; when it
-- finishes, the next one becomes the head. Due queries then only ever look at heads.
CREATE TABLE IF NOT EXISTS deliveries (
  id              TEXT PRIMARY KEY,
  subscription_id TEXT NOT NULL,
  event_seq       INTEGER NOT NULL,
  event_id        TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  subject         TEXT NOT NULL,
  status          TEXT NOT NULL,
  head            INTEGER NOT NULL DEFAULT 0,
  attempt_count   INTEGER NOT NULL DEFAULT 0,
  round_attempts  INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  claimed_at      INTEGER,
  last_error      TEXT,
  attempts        TEXT NOT NULL DEFAULT '[]',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_active_order ON deliveries (subscription_id, subject, event_seq)
  WHERE status IN ('pending', 'failed');
CREATE INDEX IF NOT EXISTS deliveries_heads_by_subscription ON deliveries (subscription_id, next_attempt_at) WHERE head = 1;
CREATE INDEX IF NOT EXISTS deliveries_heads_due ON deliveries (next_attempt_at) WHERE head = 1;
CREATE INDEX IF NOT EXISTS deliveries_log ON deliveries (subscription_id, id);
CREATE INDEX IF NOT EXISTS deliveries_created_at ON deliveries (created_at);
`;

/**
 * Sharded ingest (docs/scaling.md#the-shard-outbox-and-the-logs-cursors): a resource shard's committed
 * events wait in its outbox until the log has appended them; the log keeps, per shard, the last outbox
 * position it appended, advanced in the appending transaction (one row per shard, not one per event).
 */
const shardOutbox = `
CREATE TABLE IF NOT EXISTS outbox (
  position INTEGER PRIMARY KEY,
  event    TEXT NOT NULL,
  resource TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS log_cursors (
  source   TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
`;

/** Schema parts in the order they apply; features add theirs at the end (the last: the segmented log, segments.ts). */
// biome-ignore format: one line for the list of parts
export const SCHEMA: readonly string[] = [core, counters, watches, subscriptions, FOLLOWUPS_SCHEMA, shardOutbox, SEGMENTS_SCHEMA];

/** Columns added after their table first shipped: a database made before gets them on open. */
const ADDED_COLUMNS: readonly string[] = [
  "ALTER TABLE subscriptions ADD COLUMN content_mode TEXT NOT NULL DEFAULT 'json'",
  // The content filter (core/content-filter.ts) as JSON; NULL = none.
  'ALTER TABLE subscriptions ADD COLUMN filter TEXT',
  // Per-subscription delivery settings and circuit state.
  ...SETTINGS_COLUMNS,
];

export function applySchema(db: SqlDb): void {
  dropEventsView(db);
  for (const part of SCHEMA) db.exec(part);
  for (const statement of ADDED_COLUMNS) {
    try {
      db.exec(statement);
    } catch (err) {
      // SQLite has no ADD COLUMN IF NOT EXISTS: a column that is already there is the expected case.
      if (!/duplicate column/i.test(String(err))) throw err;
    }
  }
  settleEventsTable(db);
}
