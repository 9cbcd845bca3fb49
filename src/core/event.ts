/** The normalized CloudEvents 1.0 event (docs/events.md#the-event). */
import { formatSequence } from './sequence';
import type { Kind, NormalizedStatus } from './status';

export interface Warning {
  code: string;
  severity: string | null;
  page: string | null;
  viewport: string | null;
  message: string | null;
  fix_prompt: string | null;
}

export interface Progress {
  total: number;
  complete: number;
  running: number;
  errored: number;
}

export interface PageInfo {
  slug: string | null;
  path: string | null;
  status: string | null;
  page_id: string | null;
  error: string | null;
}

export interface Usage {
  credits_charged: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cost_usd: number | null;
}

export type ObservedVia = 'webhook' | 'poll' | 'relay';

export interface EventData {
  provider: string;
  kind: Kind | string | null;
  resource_id: string | null;
  site_id: string | null;
  status: NormalizedStatus | null;
  provider_status: string | null;
  phase: string | null;
  message: string | null;
  url: string | null;
  progress: Progress | null;
  pages: PageInfo[] | null;
  warnings: Warning[] | null;
  error: { code: string; message: string } | null;
  usage: Usage | null;
  observed_via: ObservedVia;
  provider_event_id: string | null;
  raw: unknown;
  /** The metadata of the watch following this resource; null when unwatched. */
  metadata?: Record<string, unknown> | null;
  [extra: string]: unknown;
}

export interface SitewireEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  sequence: string;
  /** W3C trace context of the request or poll that produced the event (CloudEvents distributed tracing). */
  traceparent?: string;
  data: EventData;
}

/** An event as stored: its sequence, the fields filters need, and its JSON serialized once. */
export interface StoredEvent {
  seq: number;
  id: string;
  type: string;
  subject: string;
  provider: string;
  time: string;
  createdAt: number;
  json: string;
}

/** What a writer hands the store: everything but the sequence, which the store assigns. */
export interface NewEvent {
  id: string;
  type: string;
  subject: string;
  provider: string;
  time: string;
  traceparent?: string;
  data: EventData;
  /** The CloudEvents source; default `sitewire/<provider>` (operational events: `sitewire/relay`). */
  source?: string;
}

export const sourceOf = (e: Pick<NewEvent, 'provider' | 'source'>): string => e.source ?? `sitewire/${e.provider}`;

export const subjectOf = (provider: string, kind: string, resourceId: string): string =>
  `${provider}/${kind}/${resourceId}`;

export function serializeEvent(e: NewEvent, seq: number): string {
  const event: SitewireEvent = {
    specversion: '1.0',
    id: e.id,
    source: sourceOf(e),
    type: e.type,
    subject: e.subject,
    time: e.time,
    datacontenttype: 'application/json',
    sequence: formatSequence(seq),
    ...(e.traceparent ? { traceparent: e.traceparent } : {}),
    data: e.data,
  };
  return JSON.stringify(event);
}

const TRACEPARENT = /"traceparent":"([0-9a-f-]{55})"/;

/**
 * The event's own `traceparent`, read from its JSON without parsing it all: serialized before
 * `data`, so only the text before `"data":` is searched (a provider payload may hold one too).
 */
export function traceparentOf(json: string): string | null {
  const end = json.indexOf('"data":');
  return TRACEPARENT.exec(end < 0 ? json : json.slice(0, end))?.[1] ?? null;
}

/** The data fields every event carries, all null: callers fill what they know. */
export function emptyData(provider: string, observedVia: ObservedVia): EventData {
  return {
    provider,
    kind: null,
    resource_id: null,
    site_id: null,
    status: null,
    provider_status: null,
    phase: null,
    message: null,
    url: null,
    progress: null,
    pages: null,
    warnings: null,
    error: null,
    usage: null,
    observed_via: observedVia,
    provider_event_id: null,
    raw: null,
  };
}
