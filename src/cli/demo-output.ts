/** What `sitewire demo` prints: where to look, and one line per event. */
import type { StoredEvent } from '../core/event';
import type { NodeRelay } from '../runtime/node';
import { statusLine, summary } from './build-line';
import type { DemoBuild } from './demo-builds';

export function describeDemo(r: NodeRelay, builds: DemoBuild[], dir: string): string {
  const auth = `-H "Authorization: Bearer ${r.adminToken}"`;
  const first = builds[0]!;
  const lindoSite = builds.find((b) => b.provider === 'lindo')!;
  return [
    'sitewire demo: a relay with simulated Warpweb and Lindo builders',
    '',
    `  relay       ${r.url}   (database ${dir}/sitewire.db)`,
    `  token       ${r.adminToken}`,
    `  dashboard   ${r.url}/   (enter the token)`,
    `  all events  curl -N ${auth} ${r.url}/v1/stream`,
    `  one build   curl -N ${auth} ${r.url}/v1/resources/${first.provider}/${first.kind}/${first.id}/stream`,
    `  watches     curl ${auth} ${r.url}/v1/watches`,
    `  terminal    npx sitewire watch ${lindoSite.provider} ${lindoSite.id} --url ${r.url} --token ${r.adminToken}`,
    '',
    'builds:',
    ...builds.map((b) => `  ${`${b.provider}/${b.kind}/${b.id}`.padEnd(56)} ${b.name}: ${b.story}`),
    '',
    'events as they happen (time since start, type, build, state, source):',
    '',
  ].join('\n');
}

export function eventLine(e: StoredEvent, started: number): string {
  const event = JSON.parse(e.json);
  const t = `+${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(7);
  const line = `${t}  ${e.type.padEnd(16)} ${e.subject.padEnd(56)} ${statusLine(event)}\n`;
  const ends = /\.(complete|failed)$/.test(e.type) || e.type.startsWith('watch.');
  return ends
    ? line +
        summary(event)
          .map((l) => `${' '.repeat(9)}=> ${l.trim()}\n`)
          .join('')
    : line;
}
