/**
 * A strict parser of the Prometheus text exposition format (0.0.4): throws
 * on anything a Prometheus server would refuse, so tests can trust /metrics.
 */
export interface ParsedFamily {
  type: string;
  help: string | undefined;
  samples: { labels: Record<string, string>; value: number }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value in: ${line}`);
  return Number(text);
}

/** Reads `{a="x",b="y\"z"}` from the start of `s`; returns the labels and the rest. */
function parseLabels(s: string, line: string): [Record<string, string>, string] {
  const labels: Record<string, string> = {};
  let i = 1;
  while (s[i] !== '}') {
    const eq = s.indexOf('=', i);
    const name = s.slice(i, eq);
    if (eq < 0 || !LABEL_NAME.test(name) || s[eq + 1] !== '"') throw new Error(`bad label in: ${line}`);
    if (name in labels) throw new Error(`repeated label ${name} in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (; j < s.length && s[j] !== '"'; j++) {
      if (s[j] === '\\') {
        const next = s[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape in: ${line}`);
      } else value += s[j];
    }
    if (j >= s.length) throw new Error(`unterminated label value in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (s[i] === ',') i++;
    else if (s[i] !== '}') throw new Error(`bad label list in: ${line}`);
  }
  return [labels, s.slice(i + 1)];
}

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, ParsedFamily>();
  const seriesSeen = new Set<string>();
  let current: string | undefined;
  const finished = new Set<string>();
  for (const line of text.split('\n').slice(0, -1)) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name: ${name}`);
      if (finished.has(name) || (current !== name && families.get(name)?.samples.length))
        throw new Error(`${name} is not contiguous`);
      if (current && current !== name) finished.add(current);
      current = name;
      const f = families.get(name) ?? { type: 'untyped', help: undefined, samples: [] };
      families.set(name, f);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type: ${line}`);
        if (f.samples.length) throw new Error(`TYPE after samples: ${line}`);
        f.type = rest;
      } else {
        if (f.help !== undefined) throw new Error(`second HELP: ${line}`);
        f.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(.*)$/.exec(line);
    if (!m) throw new Error(`bad sample line: ${line}`);
    const name = m[1]!;
    let rest = m[2]!;
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) [labels, rest] = parseLabels(rest, line);
    const parts = rest.trim().split(/\s+/);
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) throw new Error(`bad sample line: ${line}`);
    const value = parseValue(parts[0]!, line);
    // A histogram's _bucket, _sum and _count series belong to its family, one label set after another.
    const ofHistogram =
      current !== undefined &&
      families.get(current)?.type === 'histogram' &&
      ['_bucket', '_sum', '_count'].some((suffix) => name === current + suffix);
    if (ofHistogram) {
      if (!families.has(name)) families.set(name, { type: 'untyped', help: undefined, samples: [] });
    } else if (name !== current) {
      if (finished.has(name) || families.has(name)) throw new Error(`${name} is not contiguous`);
      if (current) finished.add(current);
      current = name;
      families.set(name, { type: 'untyped', help: undefined, samples: [] });
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seriesSeen.has(key)) throw new Error(`duplicate series: ${line}`);
    seriesSeen.add(key);
    families.get(name)!.samples.push({ labels, value });
  }
  return families;
}

/** The value of the one series with exactly these labels, or undefined. */
export function sampleValue(
  families: Map<string, ParsedFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  return families.get(name)?.samples.find((s) => JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}
