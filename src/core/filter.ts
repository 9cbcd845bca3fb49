/** Event filters shared by streams, the events API, subscriptions and stream tokens. */
import { eventContent, hasContentFilter, matchesContent, type ContentFilter } from './content-filter';
import { isOperationalType } from './operational';

export interface EventFilter {
  types?: string[];
  providers?: string[];
  resources?: string[];
  /** Content filter (content-filter.ts); null or absent = none. */
  filter?: ContentFilter | null;
}

export interface FilterableEvent {
  type: string;
  provider: string;
  subject: string;
  /** The event JSON: needed only by a content filter (an event without it matches none). */
  json?: string;
}

const contentMatches = (filter: ContentFilter | null | undefined, e: FilterableEvent): boolean =>
  !hasContentFilter(filter) || (e.json !== undefined && matchesContent(filter, eventContent(e as { json: string })));

/** `site.*` matches every type starting with `site.`; `*` matches all. */
export function typeMatches(pattern: string, type: string): boolean {
  if (pattern.endsWith('*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

const listMatches = (list: string[] | undefined, test: (entry: string) => boolean): boolean =>
  !list || list.length === 0 || list.some(test);

/**
 * Whether the filter's `types` admit a type. No `types` admits every build and form event but no
 * operational one: those need a pattern that names them (docs/events.md#operational-events).
 */
export function typesAdmit(types: readonly string[] | undefined, type: string): boolean {
  if (!types || types.length === 0) return !isOperationalType(type);
  return types.some((p) => typeMatches(p, type));
}

export function matchesFilter(filter: EventFilter, e: FilterableEvent): boolean {
  return (
    typesAdmit(filter.types, e.type) &&
    listMatches(filter.providers, (p) => p === e.provider) &&
    listMatches(filter.resources, (r) => r === e.subject) &&
    contentMatches(filter.filter, e)
  );
}

/** Whether `pattern` admits every type `wanted` admits (`wanted` is a type or a `prefix*` pattern). */
export function typeCovers(pattern: string, wanted: string): boolean {
  if (pattern.endsWith('*')) return wanted.startsWith(pattern.slice(0, -1));
  return pattern === wanted;
}

/**
 * Whether a filter admits every event about one subject whose type matches
 * `type` (a pattern): a stream token's scope covering a whole build.
 */
export function filterCovers(filter: EventFilter, want: { type: string; provider: string; subject: string }): boolean {
  return (
    listMatches(filter.types, (p) => typeCovers(p, want.type)) &&
    listMatches(filter.providers, (p) => p === want.provider) &&
    listMatches(filter.resources, (r) => r === want.subject)
  );
}

/** Reads `a,b` and repeated parameters alike; empty entries are ignored. */
export function parseList(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  const out = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return out.length ? out : undefined;
}
