/**
 * The end-to-end scenario against any running relay (Node or Workers, local or deployed):
 *   npx tsx test/smoke/scenario.ts <base url> <admin token> <warpweb webhook secret>
 * A signed Warpweb webhook goes in; its event must appear on /v1/events and on
 * /v1/stream; a second webhook sent while the stream is closed must be replayed
 * on reconnect with Last-Event-ID; a repeat must answer duplicate. Exit 0 = pass.
 */
import { EventSource } from 'eventsource';
import { signWarpweb } from '../../src/providers/warpweb/verify';

const [base, token, secret] = process.argv.slice(2);
if (!base || !token || !secret) {
  console.error('usage: tsx test/smoke/scenario.ts <base url> <admin token> <warpweb webhook secret>');
  process.exit(2);
}
const auth = { authorization: `Bearer ${token}` };
const run = `${Date.now().toString(36)}`;

function check(ok: unknown, what: string): void {
  if (!ok) throw new Error(`FAILED: ${what}`);
  console.log(`ok: ${what}`);
}

async function postWebhook(body: object): Promise<{ duplicate: boolean; events?: string[] }> {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${base}/ingest/warpweb`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-warpweb-timestamp': String(ts),
      'x-warpweb-signature': await signWarpweb(secret!, ts, raw),
    },
    body: raw,
  });
  check(res.status === 200, `webhook answered ${res.status}`);
  return (await res.json()) as { duplicate: boolean; events?: string[] };
}

const envelope = (n: number) => ({
  event_id: `smoke-${run}-${n}`,
  type: 'site.complete',
  site_id: `smoke-${run}-${n}`,
  occurred_at: new Date().toISOString(),
  payload: {},
});

/** Opens /v1/stream and resolves with the first `site.complete` message whose event id is `want`. */
function streamUntil(want: string, lastEventId?: string): Promise<{ seq: string; first: string }> {
  return new Promise((resolve, reject) => {
    let first: string | undefined;
    const es = new EventSource(`${base}/v1/stream`, {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...init?.headers, ...auth, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        }),
    });
    const timer = setTimeout(() => (es.close(), reject(new Error(`FAILED: ${want} not streamed within 10 s`))), 10_000);
    es.addEventListener('site.complete', (m) => {
      const id = JSON.parse(m.data).id as string;
      first ??= id;
      if (id === want) {
        clearTimeout(timer);
        es.close();
        resolve({ seq: m.lastEventId, first });
      }
    });
  });
}

const health = (await (await fetch(`${base}/healthz`)).json()) as { runtime: string };
console.log(`relay at ${base}: runtime ${health.runtime}`);

const a = await postWebhook(envelope(1));
const idA = a.events?.[0];
check(!a.duplicate && idA, `signed webhook stored as ${idA}`);
const listed = (await (
  await fetch(`${base}/v1/events?limit=1000&types=site.complete&resources=warpweb/site/smoke-${run}-1`, {
    headers: auth,
  })
).json()) as { data: { id: string; sequence: string }[] };
check(listed.data.length === 1 && listed.data[0]!.id === idA, 'event listed on /v1/events');
const seqA = listed.data[0]!.sequence;
const replayA = await streamUntil(idA!, String(Number(seqA) - 1));
check(replayA.seq === seqA && replayA.first === idA, `event on /v1/stream with id ${seqA}`);

const b = await postWebhook(envelope(2));
const idB = b.events?.[0];
check(idB, `second webhook stored while no stream is open (${idB})`);
const resumed = await streamUntil(idB!, seqA);
check(resumed.first === idB, `reconnect with Last-Event-ID ${seqA} replays ${idB} first, nothing before it`);

const dup = await postWebhook(envelope(2));
check(dup.duplicate === true, 'repeated webhook answered duplicate');
const after = (await (
  await fetch(`${base}/v1/events?after=${resumed.seq}&resources=warpweb/site/smoke-${run}-2`, { headers: auth })
).json()) as { data: unknown[] };
check(after.data.length === 0, 'the duplicate emitted nothing');
console.log('scenario passed');
