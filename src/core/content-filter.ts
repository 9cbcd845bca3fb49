/**
 * Content filters (docs/api.md#content-filters): an object mapping an event path (`data.status`,
 * `data.metadata.customer`, `type`) to a value or a list of accepted values; every key must match.
 *
 * Values are compared as JSON text (`"acme"`, `true`, `3`, `null`): the events store compares
 * `body -> path` with the same texts in SQL, so the database and memory give the same answer.
 * A path the event does not have matches nothing, not even `null`.
 */
export type FilterValue = string | number | boolean | null;
export type ContentFilter = Record<string, FilterValue | FilterValue[]>;

export const CONTENT_FILTER_LIMITS = { keys: 10, values: 20, segments: 8, segmentLength: 64, valueLength: 300 };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

const isValue = (v: unknown): v is FilterValue =>
  v === null ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.length <= CONTENT_FILTER_LIMITS.valueLength);

/** Why a path cannot be filtered on, or null when it can. */
function pathProblem(path: string): string | null {
  const segments = path.split('.');
  if (segments.length > CONTENT_FILTER_LIMITS.segments) return `at most ${CONTENT_FILTER_LIMITS.segments} segments`;
  const bad = segments.find((s) => !SEGMENT.test(s) || s.length > CONTENT_FILTER_LIMITS.segmentLength);
  return bad === undefined ? null : 'expected dot-separated segments of letters, digits, _ and -';
}

/** Every problem with a would-be filter, as (path, message) pairs; empty when it is a valid filter. */
export function contentFilterIssues(input: unknown): { path: string[]; message: string }[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return [{ path: [], message: 'expected an object mapping event paths to a value or a list of values' }];
  const entries = Object.entries(input);
  const { keys, values } = CONTENT_FILTER_LIMITS;
  if (entries.length > keys) return [{ path: [], message: `expected at most ${keys} keys` }];
  const issues: { path: string[]; message: string }[] = [];
  for (const [path, value] of entries) {
    const problem = pathProblem(path);
    if (problem) issues.push({ path: [path], message: problem });
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || list.length > values || !list.every(isValue))
      issues.push({
        path: [path],
        message: `expected a string (at most ${CONTENT_FILTER_LIMITS.valueLength} characters), number, boolean or null, or a list of 1-${values} of them`,
      });
  }
  return issues;
}

/** The filter as the events store's SQL reads it: one JSON parameter, whatever its size. */
export function contentFilterParam(filter: ContentFilter): string {
  return JSON.stringify(
    Object.entries(filter).map(([path, value]) => ({
      path: `$.${path
        .split('.')
        .map((s) => `"${s}"`)
        .join('.')}`,
      values: (Array.isArray(value) ? value : [value]).map((v) => JSON.stringify(v)),
    })),
  );
}

/**
 * The same rule in SQL over `events.body`: no key of the filter whose accepted JSON texts all
 * differ from the event's value at that path. Bound to one parameter, contentFilterParam().
 */
export const CONTENT_FILTER_SQL = `NOT EXISTS (SELECT 1 FROM json_each(?) AS f WHERE NOT EXISTS (
  SELECT 1 FROM json_each(f.value, '$.values') AS v WHERE v.value = (events.body -> json_extract(f.value, '$.path'))))`;

function valueAt(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const segment of path.split('.')) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, segment)) return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

export const hasContentFilter = (filter: ContentFilter | null | undefined): filter is ContentFilter =>
  !!filter && Object.keys(filter).length > 0;

/** Whether an event (as parsed JSON) matches every key of the filter. */
export function matchesContent(filter: ContentFilter, event: unknown): boolean {
  return Object.entries(filter).every(([path, accepted]) => {
    const found = valueAt(event, path);
    if (found === undefined || (typeof found === 'object' && found !== null)) return false;
    const text = JSON.stringify(found);
    return (Array.isArray(accepted) ? accepted : [accepted]).some((v) => JSON.stringify(v) === text);
  });
}

const parsed = new WeakMap<object, unknown>();

/** An event's JSON parsed once, however many filters look at it. */
export function eventContent(e: { json: string }): unknown {
  let content = parsed.get(e);
  if (content === undefined) {
    content = JSON.parse(e.json);
    parsed.set(e, content);
  }
  return content;
}
