/**
 * Operational events (docs/events.md#operational-events): what the relay says
 * about its own health — subscriptions, deliveries, providers. They are
 * stored, streamed and deliverable like build events, but opt-in: a filter
 * gets them only when its `types` name them (`subscription.*`,
 * `delivery.dead`, `*`), so existing subscribers and streams see no change.
 */
export const OPERATIONAL_TYPES = [
  'subscription.disabled',
  'subscription.recovered',
  'delivery.dead',
  'provider.webhooks_quiet',
  'provider.credentials_refused',
] as const;

export type OperationalType = (typeof OPERATIONAL_TYPES)[number];

/** What an operational event is about: the part of its type before the dot. */
export type OperationalKind = 'subscription' | 'delivery' | 'provider';

/** Type prefixes reserved for operational events; no provider event is passed through under them. */
export const OPERATIONAL_PREFIXES = ['subscription.', 'delivery.', 'provider.'] as const;

export const isOperationalType = (type: string): boolean => OPERATIONAL_PREFIXES.some((p) => type.startsWith(p));

/** `sitewire/<kind>/<id>`: the subject of an operational event. */
export const operationalSubject = (kind: OperationalKind, id: string): string => `sitewire/${kind}/${id}`;

/** The CloudEvents `source` of every operational event. */
export const OPERATIONAL_SOURCE = 'sitewire/relay';
