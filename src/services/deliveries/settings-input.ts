/** Delivery settings as the API takes them (docs/api.md#delivery-settings), applied over the stored ones. */
import { CLOSED } from '../../core/circuit';
import { parseSchedule } from '../../core/retry-schedule';
import type { Subscription } from '../../storage/subscriptions-store';
import type { DeliverySettings } from '../../storage/subscription-settings';

/** Each key: absent keeps the current value, null turns the setting off. Shapes are validated by the route. */
export interface SettingsInput {
  headers?: Record<string, string> | null;
  rate_limit?: { per_second: number } | null;
  retry_schedule?: string | null;
  timeout_ms?: number | null;
  circuit?: { failures: number; cooldown_s: number } | null;
}

export function applySettings(current: DeliverySettings, input: SettingsInput): DeliverySettings {
  const next = { ...current };
  if (input.headers !== undefined) next.headers = input.headers;
  if (input.rate_limit !== undefined) next.rateLimit = input.rate_limit && { perSecond: input.rate_limit.per_second };
  if (input.retry_schedule !== undefined)
    next.retryScheduleMs = input.retry_schedule === null ? null : parseSchedule(input.retry_schedule);
  if (input.timeout_ms !== undefined) next.timeoutMs = input.timeout_ms;
  if (input.circuit !== undefined)
    next.circuit = input.circuit && { failures: input.circuit.failures, cooldownS: input.circuit.cooldown_s };
  return next;
}

/** A changed or removed circuit setting starts closed: no cooldown set under the old one outlives it. */
export function circuitAfterEdit(sub: Subscription, settings: DeliverySettings): Subscription['circuitState'] {
  const same = JSON.stringify(sub.settings.circuit) === JSON.stringify(settings.circuit);
  return same ? sub.circuitState : { ...CLOSED, consecutiveFailures: sub.circuitState.consecutiveFailures };
}
