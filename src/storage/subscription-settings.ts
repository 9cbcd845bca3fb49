/**
 * A subscription's optional delivery settings (docs/api.md#delivery-settings) and its
 * circuit state, as the subscriptions table keeps them: the settings as one JSON
 * column (each absent or null = off), the circuit state as plain columns.
 */
import type { CircuitSetting, CircuitState } from '../core/circuit';

export interface DeliverySettings {
  /** Static request headers sent on every attempt. */
  headers: Record<string, string> | null;
  /** Attempts started per second at most. */
  rateLimit: { perSecond: number } | null;
  /** Replaces SITEWIRE_RETRY_SCHEDULE for this subscription. */
  retryScheduleMs: number[] | null;
  /** Replaces SITEWIRE_DELIVERY_TIMEOUT_MS for this subscription. */
  timeoutMs: number | null;
  circuit: CircuitSetting | null;
}

export const NO_SETTINGS: DeliverySettings = {
  headers: null,
  rateLimit: null,
  retryScheduleMs: null,
  timeoutMs: null,
  circuit: null,
};

export interface SettingsRow {
  delivery_settings: string;
  consecutive_failures: number;
  circuit_open_until: number | null;
  circuit_probe_until: number | null;
  alerted_at: number | null;
}

/** The columns, added to the subscriptions table (schema.ts). */
export const SETTINGS_COLUMNS: readonly string[] = [
  "ALTER TABLE subscriptions ADD COLUMN delivery_settings TEXT NOT NULL DEFAULT '{}'",
  'ALTER TABLE subscriptions ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE subscriptions ADD COLUMN circuit_open_until INTEGER',
  'ALTER TABLE subscriptions ADD COLUMN circuit_probe_until INTEGER',
  'ALTER TABLE subscriptions ADD COLUMN alerted_at INTEGER',
];

export const settingsFromRow = (
  r: SettingsRow,
): { settings: DeliverySettings; circuitState: CircuitState; alertedAt: number | null } => ({
  settings: { ...NO_SETTINGS, ...(JSON.parse(r.delivery_settings) as Partial<DeliverySettings>) },
  circuitState: {
    consecutiveFailures: r.consecutive_failures,
    openUntil: r.circuit_open_until,
    probeUntil: r.circuit_probe_until,
  },
  alertedAt: r.alerted_at,
});

/** Only the settings that are on are written. */
export function settingsJson(s: DeliverySettings): string {
  const on = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null));
  return JSON.stringify(on);
}
