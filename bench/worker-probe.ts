/**
 * Probes for the Workers benches under `wrangler dev`: CPU of the workerd
 * processes this bench started (from /proc, since workerd's clock does not move
 * while code runs), SQLite rows written per object from the merged `/metrics`,
 * and signed `site.complete` webhooks sent n at a time. Loopback only.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { warpwebWebhook } from '../test/helpers/webhook-requests';
import type { WranglerDev } from '../test/helpers/wrangler-dev';

export const TOKEN = 'bench-admin-token-0123456789';
export const SECRET = 'whsec_bench_secret_0123456789';
export const auth = { authorization: `Bearer ${TOKEN}` };
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU ms of every workerd process below this one (wrangler dev starts them). */
export function workerdCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'workerd' || !descends(Number(pid))) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return (ticks * 1000) / TICKS;
}

function descends(pid: number): boolean {
  for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
    if (p === process.pid) return true;
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return false;
}

/** Rows written so far by the log (`relay`) and by all shards together (`shard-<i>` summed). */
export async function rowsWritten(dev: WranglerDev): Promise<{ log: number; shards: number }> {
  const text = await (await fetch(`${dev.url}/metrics`, { headers: auth })).text();
  let [log, shards] = [Number.NaN, 0];
  for (const m of text.matchAll(/^sitewire_sqlite_rows_written_total\{object="([^"]+)"\} (\d+)/gm)) {
    if (m[1] === 'relay') log = Number(m[2]);
    else if (m[1]?.startsWith('shard-')) shards += Number(m[2]);
  }
  return { log, shards };
}

function webhookBody(k: number) {
  return {
    event_id: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
    type: 'site.complete',
    site_id: `bench-${k}`,
    occurred_at: new Date(1_800_000_000_000 + k).toISOString(),
    payload: { deployment_url: `https://bench-${k}.warpweb.app` },
  };
}

let next = 0;
/**
 * Sends webhooks `at` at a time: n new ones (sites `bench-<k>`), or, with `again`,
 * the given earlier ids once more (a provider's retry: a duplicate at the shard).
 * Returns the ids sent.
 */
export async function ingest(dev: WranglerDev, n: number, at: number, again?: number[]): Promise<number[]> {
  const ids = again ?? Array.from({ length: n }, () => next++);
  const send = async (k: number) => {
    const res = await fetch(`${dev.url}/ingest/warpweb`, await warpwebWebhook(webhookBody(k), { secret: SECRET }));
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < ids.length; i += at) await Promise.all(ids.slice(i, i + at).map(send));
  return ids;
}

export async function until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Cost {
  cpu: number;
  log: number;
  shards: number;
}

/** Runs fn and returns the workerd CPU ms and the rows (log, shards) it cost, per `per`. */
export async function measure(dev: WranglerDev, per: number, fn: () => Promise<void>): Promise<Cost> {
  await new Promise((r) => setTimeout(r, 1500)); // let background work settle
  const [cpu0, rows0] = [workerdCpuMs(), await rowsWritten(dev)];
  await fn();
  await new Promise((r) => setTimeout(r, 2000)); // outbox forwards, outcomes and heartbeats that follow
  const rows1 = await rowsWritten(dev);
  return {
    cpu: (workerdCpuMs() - cpu0) / per,
    log: (rows1.log - rows0.log) / per,
    shards: (rows1.shards - rows0.shards) / per,
  };
}

/** Mean bytes of one stored event as `/v1/events` returns it (the log stores about this much JSON per event). */
export async function bytesPerEvent(dev: WranglerDev): Promise<number> {
  const res = await fetch(`${dev.url}/v1/events?limit=100`, { headers: auth });
  const body = (await res.json()) as { data: unknown[] };
  return body.data.reduce<number>((s, e) => s + JSON.stringify(e).length, 0) / Math.max(1, body.data.length);
}
