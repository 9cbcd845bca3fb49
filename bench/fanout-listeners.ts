/**
 * What one SSE listener costs a fan-out object: the JS heap each listener
 * holds (connection, Web stream sink, hub subscription) and the CPU to
 * publish one event to every listener, measured on the same SseConnection,
 * stream and hub code a fan-out runs (V8 here; workerd runs V8 too, and adds
 * its own per-response buffers, which this does not see). Prints a table.
 *
 *   node --expose-gc --import tsx bench/fanout-listeners.ts
 */
import { silentLogger } from '../src/log';
import { pipeEvents } from '../src/http/sse/event-stream';
import { createSseRegistry } from '../src/http/sse/registry';
import { createFanout } from '../src/services/fanout/fanout';
import type { StoredEvent } from '../src/core/event';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const event = (seq: number, bytes: number): StoredEvent => ({
  seq,
  id: `evt_${seq}`,
  type: 'site.progress',
  subject: `warpweb/site/s${seq % 50}`,
  provider: 'warpweb',
  time: '2026-01-01T00:00:00.000Z',
  createdAt: 0,
  json: JSON.stringify({ id: `evt_${seq}`, data: { pad: 'x'.repeat(bytes) } }),
});

async function measure(listeners: number, eventBytes: number) {
  const fanout = createFanout({ log: () => ({ lastSeq: async () => 0, after: async () => [] }), logger: silentLogger });
  await fanout.ready();
  const sse = createSseRegistry({ heartbeatMs: 3_600_000, maxBufferBytes: 1 << 20, logger: silentLogger });
  const source = {
    now: Date.now,
    logger: silentLogger,
    hub: fanout.hub,
    store: { events: { lastSeq: () => 0, after: () => [] as StoredEvent[] } },
  };
  gc!();
  const heap0 = process.memoryUsage().heapUsed;
  const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  for (let i = 0; i < listeners; i++) {
    const conn = sse.open();
    // A client reading /v1/stream with a filter, as the all-events streams do.
    pipeEvents(source, conn, { filter: { types: ['site.*'] }, scope: null, afterSeq: null });
    readers.push(conn.stream.getReader());
  }
  gc!();
  const perListener = (process.memoryUsage().heapUsed - heap0) / listeners;

  // Publish batches while every client reads; CPU per event per listener.
  const drain = readers.map(async (r) => {
    for (;;) if ((await r.read()).done) return;
  });
  const batches = 40;
  const perBatch = 25;
  let seq = 0;
  const cpu0 = process.cpuUsage();
  for (let b = 0; b < batches; b++) {
    await fanout.publish(Array.from({ length: perBatch }, () => event(++seq, eventBytes)));
    await new Promise((r) => setImmediate(r));
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuUsPerDelivery = (cpu.user + cpu.system) / (batches * perBatch * listeners);
  sse.closeAll();
  await Promise.all(drain);
  return { perListener, cpuUsPerDelivery };
}

const rows: string[] = [
  '| listeners | event JSON | heap per listener | CPU per event per listener |',
  '|---|---|---|---|',
];
for (const [listeners, bytes] of [
  [1000, 2000],
  [5000, 2000],
] as const) {
  const r = await measure(listeners, bytes);
  rows.push(
    `| ${listeners} | ${bytes} B | ${(r.perListener / 1024).toFixed(1)} KiB | ${r.cpuUsPerDelivery.toFixed(1)} µs |`,
  );
}
console.log(rows.join('\n'));
