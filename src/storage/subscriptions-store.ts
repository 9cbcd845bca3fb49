/** Subscriber webhooks: where to deliver, which events, with which secrets, and whether enabled. */
import { hasContentFilter, type ContentFilter } from '../core/content-filter';
import type { CircuitState } from '../core/circuit';
import type { ContentMode } from '../core/content-mode';
import type { SqlDb, SqlValue } from './sql';
import { settingsFromRow, settingsJson, type DeliverySettings, type SettingsRow } from './subscription-settings';

export type { DeliverySettings } from './subscription-settings';

export interface Subscription {
  id: string;
  url: string;
  types: string[];
  providers: string[];
  resources: string[];
  description: string | null;
  secret: string;
  previousSecret: string | null;
  /** Until when (ms) the previous secret still signs alongside the current one. */
  previousSecretUntil: number | null;
  enabled: boolean;
  disabledReason: string | null;
  /** Start of the current unbroken run of failed attempts; null while deliveries succeed. */
  failingSince: number | null;
  /** How deliveries label the event JSON (core/content-mode.ts). */
  contentMode: ContentMode;
  /** Content filter every delivered event must match; null = none. */
  filter?: ContentFilter | null;
  /** Optional delivery settings (each null = off). */
  settings: DeliverySettings;
  circuitState: CircuitState;
  /** When an alert (a dead delivery, an opened circuit, a disable) was raised and not yet followed by a success. */
  alertedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface Row extends SettingsRow {
  id: string;
  url: string;
  types: string;
  providers: string;
  resources: string;
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: number | null;
  enabled: number;
  disabled_reason: string | null;
  failing_since: number | null;
  content_mode: string;
  filter: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): Subscription => ({
  id: r.id,
  url: r.url,
  types: JSON.parse(r.types) as string[],
  providers: JSON.parse(r.providers) as string[],
  resources: JSON.parse(r.resources) as string[],
  description: r.description,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretUntil: r.previous_secret_until,
  enabled: r.enabled === 1,
  disabledReason: r.disabled_reason,
  failingSince: r.failing_since,
  contentMode: r.content_mode === 'structured' ? 'structured' : 'json',
  ...(r.filter ? { filter: JSON.parse(r.filter) as ContentFilter } : {}),
  ...settingsFromRow(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const values = (s: Subscription): SqlValue[] => [
  s.url,
  JSON.stringify(s.types),
  JSON.stringify(s.providers),
  JSON.stringify(s.resources),
  s.description,
  s.secret,
  s.previousSecret,
  s.previousSecretUntil,
  s.enabled ? 1 : 0,
  s.disabledReason,
  s.failingSince,
  s.createdAt,
  s.updatedAt,
  s.contentMode,
  hasContentFilter(s.filter) ? JSON.stringify(s.filter) : null,
  settingsJson(s.settings),
  s.circuitState.consecutiveFailures,
  s.circuitState.openUntil,
  s.circuitState.probeUntil,
  s.alertedAt,
];

export function createSubscriptionsStore(db: SqlDb) {
  return {
    insert(s: Subscription): void {
      db.run(
        `INSERT INTO subscriptions (url, types, providers, resources, description, secret, previous_secret,
           previous_secret_until, enabled, disabled_reason, failing_since, created_at, updated_at, content_mode, filter,
           delivery_settings, consecutive_failures, circuit_open_until, circuit_probe_until, alerted_at, id)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        ...values(s),
        s.id,
      );
    },

    /** Writes every field of an existing subscription. */
    save(s: Subscription): void {
      db.run(
        `UPDATE subscriptions SET url = ?, types = ?, providers = ?, resources = ?, description = ?, secret = ?,
           previous_secret = ?, previous_secret_until = ?, enabled = ?, disabled_reason = ?, failing_since = ?,
           created_at = ?, updated_at = ?, content_mode = ?, filter = ?, delivery_settings = ?, consecutive_failures = ?,
           circuit_open_until = ?, circuit_probe_until = ?, alerted_at = ? WHERE id = ?`,
        ...values(s),
        s.id,
      );
    },

    get(id: string): Subscription | undefined {
      const r = db.get<Row>('SELECT * FROM subscriptions WHERE id = ?', id);
      return r && fromRow(r);
    },

    /** Oldest first, after a cursor (an id). */
    list(afterId: string | null, limit: number): Subscription[] {
      return db
        .all<Row>('SELECT * FROM subscriptions WHERE id > ? ORDER BY id LIMIT ?', afterId ?? '', limit)
        .map(fromRow);
    },

    enabled(): Subscription[] {
      return db.all<Row>('SELECT * FROM subscriptions WHERE enabled = 1').map(fromRow);
    },

    /** How many subscriptions are enabled and disabled. */
    counts(): { enabled: number; disabled: number } {
      const r = db.get<{ enabled: number | null; total: number }>(
        'SELECT SUM(enabled) AS enabled, COUNT(*) AS total FROM subscriptions',
      );
      const enabled = r?.enabled ?? 0;
      return { enabled, disabled: (r?.total ?? 0) - enabled };
    },

    /** Writes the circuit state alone (attempts change it; an API edit in between must not be undone). */
    saveCircuit(id: string, c: CircuitState): void {
      db.run(
        'UPDATE subscriptions SET consecutive_failures = ?, circuit_open_until = ?, circuit_probe_until = ? WHERE id = ?',
        c.consecutiveFailures,
        c.openUntil,
        c.probeUntil,
        id,
      );
    },

    delete(id: string): boolean {
      return db.run('DELETE FROM subscriptions WHERE id = ?', id) === 1;
    },
  };
}
