/**
 * One exposition from several objects' (docs/scaling.md#metrics-across-objects): the families in
 * the order first seen, each series once. Counters and histograms add up; a gauge adds up too
 * (watches, streams, deliveries are each held by one object), except the ones every object reports
 * about the same thing — a time, an age, the build's info, the log's sequence and the resources the
 * log keeps a copy of — which take the largest value.
 */
const LARGEST = /(_timestamp_seconds|_age_seconds)$|^sitewire_(info|event_sequence|resources)$/;

interface Family {
  comments: string[];
  largest: boolean;
  series: Map<string, number>;
}

/** `name{labels}` and its value, from a sample line (the value is the last field). */
function sample(line: string): [string, number] | null {
  const space = line.lastIndexOf(' ');
  if (space < 0) return null;
  const value = Number(line.slice(space + 1));
  return Number.isNaN(value) && line.slice(space + 1) !== 'NaN' ? null : [line.slice(0, space), value];
}

const format = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15))));

export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, Family>();
  for (const text of texts) {
    let current: Family | undefined;
    for (const line of text.split('\n')) {
      const comment = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (comment) {
        const name = comment[2]!;
        current = families.get(name);
        if (!current) {
          current = { comments: [], largest: LARGEST.test(name), series: new Map() };
          families.set(name, current);
        }
        if (current.comments.length < 2 && !current.comments.some((c) => c.startsWith(`# ${comment[1]}`)))
          current.comments.push(line);
        continue;
      }
      const s = line && !line.startsWith('#') ? sample(line) : null;
      if (!s || !current) continue;
      const [key, value] = s;
      const before = current.series.get(key);
      current.series.set(
        key,
        before === undefined ? value : current.largest ? Math.max(before, value) : before + value,
      );
    }
  }
  const out: string[] = [];
  for (const f of families.values()) {
    out.push(...f.comments);
    for (const [key, value] of f.series) out.push(`${key} ${format(value)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
