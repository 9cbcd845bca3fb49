/**
 * The sharded Workers topology under `wrangler dev` (SITEWIRE_SHARDS=1 and =4),
 * per ingested event: rows written at the shards and at the log (the relay
 * object), and the CPU of the whole workerd runtime by phase — duplicates
 * (Worker verify + shard dedup), new events (+ shard commit + log append), new
 * events with SSE listeners (+ fan-out frames), new events sent one at a time
 * (the log's append unbatched), and with a subscription (+ delivery rows and
 * attempts). CPU is attributed by subtracting phases. Loopback only.
 *
 *   npm run bench:shards            # writes bench/RESULTS.md
 *   npm run bench:shards -- --quick # smaller counts, prints only
 */
import { startSink } from '../test/helpers/sink';
import { startWranglerDev } from '../test/helpers/wrangler-dev';
import { openListeners } from './listeners';
import { auth, bytesPerEvent, ingest, measure, SECRET, TOKEN, until } from './worker-probe';
import { report, type ShardRun, writeShardResults } from './shards-report';

const QUICK = process.argv.includes('--quick');
const EVENTS = QUICK ? 40 : 200;
const LISTENERS = 20;
const AT = 16; // concurrent webhooks in the batched phases

async function run(shards: number): Promise<ShardRun> {
  const sink = await startSink();
  const dev = await startWranglerDev(
    {
      SITEWIRE_ADMIN_TOKEN: TOKEN,
      WARPWEB_WEBHOOK_SECRET: SECRET,
      SITEWIRE_ALLOW_PRIVATE_TARGETS: 'true',
      SITEWIRE_LOG: 'warn',
      SITEWIRE_SHARDS: String(shards),
    },
    120_000,
  );
  try {
    await ingest(dev, 20, 4); // warm-up: every shard and the log instantiated
    let ids: number[] = [];
    const fresh = await measure(dev, EVENTS, async () => {
      ids = await ingest(dev, EVENTS, AT);
    });
    const duplicate = await measure(dev, EVENTS, async () => {
      await ingest(dev, EVENTS, AT, ids);
    });
    const sequential = await measure(dev, EVENTS, async () => {
      await ingest(dev, EVENTS, 1);
    });
    const bytes = await bytesPerEvent(dev);

    let received = 0;
    const listeners = await openListeners(`${dev.url}/v1/stream?types=site.*`, LISTENERS, auth, () => received++);
    const streamed = await measure(dev, EVENTS, async () => {
      await ingest(dev, EVENTS, AT);
      await until(() => received >= EVENTS * LISTENERS, 'every listener receiving every event');
    });
    if (listeners.dropped() > 0) throw new Error(`${listeners.dropped()} listeners dropped`);
    listeners.closeAll();

    const sub = await fetch(`${dev.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: sink.url, types: ['site.*'] }),
    });
    if (sub.status !== 201) throw new Error(`subscription answered ${sub.status}`);
    const delivered = await measure(dev, EVENTS, async () => {
      await ingest(dev, EVENTS, AT);
      await until(() => sink.received.length >= EVENTS, 'every delivery');
    });
    return { shards, fresh, duplicate, sequential, streamed, delivered, bytes };
  } finally {
    await dev.stop();
    await sink.close();
  }
}

async function main() {
  const runs = [await run(1), await run(4)];
  const text = report(runs, { events: EVENTS, listeners: LISTENERS, at: AT });
  console.log(text);
  if (!QUICK) writeShardResults(text);
}

await main();
