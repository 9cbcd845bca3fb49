/**
 * Hostile requests: a seeded mix of forged, malformed, oversized, truncated
 * and misrouted requests, sent concurrently. None may get a 5xx, and the
 * relay must answer /healthz afterwards.
 */
import { connect } from 'node:net';
import { seededRandom, type Random } from '../../test/helpers/random';
import { LINDO_TOKEN } from '../../test/helpers/relay';
import { postWarpweb, warpwebEnvelope } from '../../test/helpers/webhooks';
import { startSoakRelay, type SoakResult } from './relay';

export interface HostileSizes {
  requests: number;
  concurrency: number;
}

const MAX_BODY = 64 * 1024;

type Attack = (url: string, rng: Random) => Promise<number>;

const post = async (url: string, path: string, body: BodyInit) => {
  const r = await fetch(url + path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await r.body?.cancel();
  return r.status;
};
const status = (r: Response) => r.status;
const ingestHead = (framing: string) =>
  `POST /ingest/lindo?token=${LINDO_TOKEN} HTTP/1.1\r\nHost: h\r\n${framing}\r\n\r\n`;

/** Raw bytes on a socket, the status line read back (0 when the server just closed). */
const raw = (url: string, bytes: string | Buffer, drop = false) =>
  new Promise<number>((resolve) => {
    const u = new URL(url);
    const s = connect(Number(u.port), u.hostname);
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(out)?.[1] ?? 0)));
    s.end(bytes);
    if (drop) setTimeout(() => s.destroy(), 20);
    else setTimeout(() => s.destroy(), 2000);
  });

const ATTACKS: [string, Attack][] = [
  ['bad signature', (u) => postWarpweb(u, warpwebEnvelope('site.complete', 'h'), { secret: 'whsec_bad' }).then(status)],
  ['stale timestamp', (u) => postWarpweb(u, warpwebEnvelope('site.complete', 'h'), { timestamp: 1 }).then(status)],
  ['unsigned', (u) => post(u, '/ingest/warpweb', JSON.stringify(warpwebEnvelope('site.complete', 'h')))],
  ['bad lindo token', (u) => post(u, '/ingest/lindo?token=nope-nope-nope', '{"event":"client.created","data":{}}')],
  ['not JSON', (u, rng) => post(u, `/ingest/lindo?token=${LINDO_TOKEN}`, '{"event":'.slice(0, rng.int(9)))],
  ['not UTF-8', (u) => post(u, `/ingest/lindo?token=${LINDO_TOKEN}`, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))],
  ['deep JSON', (u) => post(u, `/ingest/lindo?token=${LINDO_TOKEN}`, '['.repeat(5000) + ']'.repeat(5000))],
  ['oversized', (u) => post(u, `/ingest/lindo?token=${LINDO_TOKEN}`, 'x'.repeat(MAX_BODY * 2))],
  ['wrong method', (u) => fetch(`${u}/ingest/warpweb`, { method: 'PUT' }).then(status)],
  ['unknown path', (u, rng) => fetch(`${u}/${'a'.repeat(rng.int(300))}%00`).then(status)],
  ['bad bearer', (u) => fetch(`${u}/v1/subscriptions`, { headers: { authorization: 'Bearer x' } }).then(status)],
  ['bad Last-Event-ID', (u) => fetch(`${u}/v1/stream`, { headers: { 'last-event-id': '-1' } }).then(status)],
  ['truncated body', (u) => raw(u, `${ingestHead('Content-Length: 500')}{"ev`, true)],
  ['broken chunks', (u) => raw(u, `${ingestHead('Transfer-Encoding: chunked')}zz\r\n`)],
  ['garbage request line', (u) => raw(u, 'GARBAGE / HTTP/9.9\r\n\r\n')],
];

export async function hostileRequests(sizes: HostileSizes, seed = 15): Promise<SoakResult> {
  const started = Date.now();
  const relay = await startSoakRelay({ SITEWIRE_MAX_BODY_BYTES: String(MAX_BODY) });
  const rng = seededRandom(seed);
  const statuses = new Map<number, number>();
  const fiveXx: string[] = [];
  let errors = 0;
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: sizes.concurrency }, async () => {
        while (next < sizes.requests) {
          next += 1;
          const [name, attack] = rng.pick(ATTACKS);
          try {
            const answered = await attack(relay.url, rng);
            statuses.set(answered, (statuses.get(answered) ?? 0) + 1);
            if (answered >= 500) fiveXx.push(`${name}: ${answered}`);
          } catch {
            errors += 1;
          }
        }
      }),
    );
    const health = await fetch(`${relay.url}/healthz`);
    const failures = fiveXx.slice(0, 5).map((f) => `5xx: ${f}`);
    if (fiveXx.length > 5) failures.push(`... ${fiveXx.length} 5xx in all`);
    if (health.status !== 200) failures.push(`/healthz answered ${health.status} afterwards`);
    const counts = [...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s || 'closed'}:${n}`)
      .join(' ');
    return {
      scenario: 'hostile requests',
      figures: [
        ['requests', sizes.requests],
        ['5xx', fiveXx.length],
        ['client-side errors', errors],
        ['statuses', counts],
      ],
      failures,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await relay.stop();
  }
}
