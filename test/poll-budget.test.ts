import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/simulators/clock';
import { startLindoSim } from '../src/simulators/lindo-sim';
import { startWarpwebSim, type WarpwebSim } from '../src/simulators/warpweb-sim';
import { maxInWindow } from './helpers/max-in-window';
import { tempDir } from './helpers/relay';
import { startVirtualRelay, type VirtualRelay } from './helpers/virtual-relay';

const MINUTE = 60_000;

/** Most requests inside any 60 s, counted at the simulator. */
const maxPerMinute = (times: number[]) => maxInWindow(times, MINUTE);

let sim: WarpwebSim;
let relays: VirtualRelay[] = [];
let dir: string;
afterEach(async () => {
  for (const r of relays) r.close();
  relays = [];
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setup(count: number) {
  const clock = manualClock();
  dir = tempDir();
  // The simulator enforces Warpweb's documented 30/min; the relay runs with its default (documented) budget.
  sim = await startWarpwebSim({ clock, autoPump: false, retryAfterS: 20 });
  const env = {
    WARPWEB_API_URL: sim.url,
    WARPWEB_API_KEY: sim.apiKey,
    SITEWIRE_POLL_INTERVAL_MS: '200',
    SITEWIRE_POLL_SAFETY_MS: '200',
  };
  const start = () => {
    const r = startVirtualRelay(clock, join(dir, 'sitewire.db'), env);
    relays.push(r);
    return r;
  };
  const first = start();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = sim.addSite({ durationMs: 3_600_000, drop: true });
    ids.push(id);
    first.relay.watches.create({ provider: 'warpweb', id });
  }
  return { clock, ids, start, first };
}

describe('all watches of a key share its budget', () => {
  it('200 watches at a 200 ms interval: never more than 30 requests in any 60 s, spread out, every watch served, across a restart', async () => {
    const { clock, ids, start, first } = await setup(200);
    const t0 = clock.now();
    // Stopped right after its 150th request, like a SIGKILL mid-flow.
    await first.runUntil(t0 + 10 * MINUTE, () => sim.statusRequests().length >= 150);
    expect(sim.statusRequests()).toHaveLength(150);
    first.close();
    relays = [];
    // The restart resumes the same budget: no request before the pacing allows it.
    const second = start();
    await second.runUntil(t0 + 12 * MINUTE);

    const times = sim.statusRequests().map((r) => r.at);
    expect(sim.statusRequests().filter((r) => r.status !== 200)).toEqual([]);
    expect(maxPerMinute(times)).toBeLessThanOrEqual(30);
    expect(times.length).toBeGreaterThanOrEqual(12 * 26);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2000); // no burst, not even after the restart
    const polled = new Set(sim.statusRequests().map((r) => r.path.split('/').pop()));
    expect(ids.every((id) => polled.has(id))).toBe(true);
    expect(second.relay.store.watches.countByState().active).toBe(200);
  });

  it('a 429 with Retry-After is honoured and slows the whole key', async () => {
    const { clock, first, start } = await setup(20);
    const t0 = clock.now();
    await first.runUntil(t0 + MINUTE);
    const before = sim.statusRequests().length;
    sim.faults.inject('429'); // Retry-After: 20 s
    await first.runUntil(t0 + 2 * MINUTE, () => sim.statusRequests().some((r) => r.status === 429));
    // Restarted right after the 429: the block is in the database, not in memory.
    first.close();
    relays = [];
    await start().runUntil(t0 + 5 * MINUTE);

    const reqs = sim.statusRequests();
    const limited = reqs.findIndex((r) => r.status === 429);
    expect(limited).toBe(before);
    const after = reqs.slice(limited + 1).map((r) => r.at);
    expect(after[0]! - reqs[limited]!.at).toBeGreaterThanOrEqual(20_000);
    // Slowed: for a while after the 429, requests are at least twice as far apart as the normal pacing.
    const gaps = after.slice(1, 10).map((t, i) => t - after[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2 * (MINUTE / 26) - 1);
    expect(maxPerMinute(reqs.map((r) => r.at))).toBeLessThanOrEqual(30);
  });

  it('Lindo: 500 watches for two hours stay within 100/min and 1000/h', async () => {
    const clock = manualClock();
    dir = tempDir();
    sim = await startWarpwebSim({ clock, autoPump: false });
    const lindo = await startLindoSim({ clock, autoPump: false });
    try {
      const env = {
        LINDO_API_URL: lindo.url,
        LINDO_API_KEY: lindo.apiKey,
        SITEWIRE_POLL_INTERVAL_MS: '200',
        SITEWIRE_POLL_SAFETY_MS: '200',
      };
      const r = startVirtualRelay(clock, join(dir, 'sitewire.db'), env);
      relays.push(r);
      for (let i = 0; i < 500; i++) {
        r.relay.watches.create({
          provider: 'lindo',
          kind: 'page',
          deadlineS: 4 * 3600,
          id: lindo.addWorkflow({ kind: 'page', durationMs: 10 * 3_600_000 }),
        });
      }
      const t0 = clock.now();
      await r.runUntil(t0 + 2 * 3_600_000);
      const times = lindo.statusRequests().map((q) => q.at);
      expect(lindo.statusRequests().filter((q) => q.status !== 200)).toEqual([]);
      expect(maxPerMinute(times)).toBeLessThanOrEqual(100);
      expect(maxInWindow(times, 3_600_000)).toBeLessThanOrEqual(1000);
      expect(times.length).toBeGreaterThanOrEqual(1700); // and it uses the budget it has
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(600);
    } finally {
      await lindo.close();
    }
  }, 180_000);
});
