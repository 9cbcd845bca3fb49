/**
 * The one way operational events are made (docs/events.md#operational-events):
 * subject `sitewire/<kind>/<id>`, source `sitewire/relay`, and the build data
 * fields (all null but `provider`, `kind`, `resource_id`) plus the facts of
 * each type. Append one inside a write: `recorder.write((w) => w.emit(...))`,
 * or `w.emit(...)` within a write already under way, so it commits with what
 * caused it.
 */
import { emptyData } from '../core/event';
import type { EventSignal } from '../core/observation';
import {
  OPERATIONAL_SOURCE,
  isOperationalType,
  operationalSubject,
  type OperationalKind,
  type OperationalType,
} from '../core/operational';

/** The facts each operational type carries in `data`, beside the build data fields. */
export interface OperationalFacts {
  'subscription.disabled': { subscription_id: string; url: string; reason: string };
  'subscription.recovered': { subscription_id: string; url: string; failing_since: string | null };
  'delivery.dead': {
    subscription_id: string;
    delivery_id: string;
    event_id: string;
    attempts: number;
    last_error: string | null;
  };
  'provider.webhooks_quiet': { provider: string; active_watches: number; last_webhook_at: string | null };
  'provider.credentials_refused': { provider: string; status_code: number; message: string };
}

/** The provider column of relay-wide operational events (a `providers` filter of `sitewire` selects them). */
export const RELAY_PROVIDER = 'sitewire';

export type OperationalSignal = Omit<EventSignal, 'signal'> & { source: string };

/** What an event of `type` is about: the subscription, the delivery or the provider. */
function aboutOf<T extends OperationalType>(
  type: T,
  facts: OperationalFacts[T],
): { kind: OperationalKind; id: string } {
  const kind = type.slice(0, type.indexOf('.')) as OperationalKind;
  const f = facts as Partial<Record<'subscription_id' | 'delivery_id' | 'provider', string>>;
  const id = kind === 'subscription' ? f.subscription_id : kind === 'delivery' ? f.delivery_id : f.provider;
  return { kind, id: id ?? '' };
}

export function operationalEvent<T extends OperationalType>(
  type: T,
  facts: OperationalFacts[T],
  time: string | null = null,
): OperationalSignal {
  const { kind, id } = aboutOf(type, facts);
  const provider =
    kind === 'provider' ? (facts as OperationalFacts['provider.webhooks_quiet']).provider : RELAY_PROVIDER;
  return {
    type,
    subject: operationalSubject(kind, id),
    provider,
    time,
    source: OPERATIONAL_SOURCE,
    data: { ...emptyData(provider, 'relay'), kind, resource_id: id, ...facts },
  };
}

/**
 * A subscription's own `delivery.dead` and `subscription.disabled` (any operational event about
 * it) are never delivered to that same subscription: a receiver that is failing would only
 * fail them too, and could never stop the loop.
 */
export function isAboutSubscription(event: { type: string; data: { [k: string]: unknown } }, id: string): boolean {
  return isOperationalType(event.type) && event.data.subscription_id === id;
}
