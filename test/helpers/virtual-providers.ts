/**
 * Both provider simulators and a relay on one manual clock: the relay's
 * services tick from one armed timer to the next (virtual-relay.ts), the
 * simulators' builds move with the same clock, and their webhooks reach the
 * relay's app in-process. The app is also served on a loopback port, so tests
 * talk to it over HTTP as to a started relay. A build that takes minutes takes
 * a few milliseconds, and "nothing more happened" is a statement about a clock
 * the test moved, not about how long it slept.
 */
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/http/create-app';
import { manualClock, type ManualClock } from '../../src/simulators/clock';
import { startLindoSim, type LindoSimOptions } from '../../src/simulators/lindo-sim';
import { startWarpwebSim, type WarpwebSimOptions } from '../../src/simulators/warpweb-sim';
import { FAST_LIMITS, providerEnv } from './providers';
import { ADMIN_TOKEN, LINDO_TOKEN, tempDir, WARPWEB_SECRET } from './relay';
import { startVirtualRelay, type VirtualRelay } from './virtual-relay';

/** Virtual time between two webhook pumps while the clock runs. */
const STEP_MS = 50;

export interface VirtualProviders {
  clock: ManualClock;
  relay: { url: string; api(path: string, init?: RequestInit): Promise<Response>; services: VirtualRelay['relay'] };
  warpweb: Awaited<ReturnType<typeof startWarpwebSim>>;
  lindo: Awaited<ReturnType<typeof startLindoSim>>;
  /** Stored events about one subject, oldest first. */
  eventsOf(subject: string): Promise<{ type: string; sequence: string; data: Record<string, any> }[]>;
  watchOf(subject: string): Promise<Record<string, any> | undefined>;
  /**
   * Moves the clock forward by up to `ms`, running the relay's due work and
   * sending the simulators' due webhooks on the way; stops early once `done`
   * answers true (checked every step). Answers whether `done` was reached.
   */
  advance(ms: number, done?: () => boolean | Promise<boolean>): Promise<boolean>;
  /** advance() until the watch of `subject` has left `active` (at most `ms` of virtual time). */
  settle(subject: string, ms?: number): Promise<Record<string, any> | undefined>;
  close(): Promise<void>;
}

export interface VirtualProvidersOptions {
  warpweb?: WarpwebSimOptions;
  lindo?: LindoSimOptions;
}

export async function startVirtualProviders(
  env: Record<string, string> = {},
  opts: VirtualProvidersOptions = {},
): Promise<VirtualProviders> {
  // Starts at the real time, so webhooks a test signs now carry a timestamp the relay accepts.
  const clock = manualClock(Date.now());
  let app: ReturnType<typeof createApp> | null = null;
  const inProcess: typeof fetch = async (input, init) => app!.fetch(new Request(input, init));
  const sim = { clock, autoPump: false, fetch: inProcess, limits: FAST_LIMITS, slowMs: 2500, retryAfterS: 1 };
  const warpweb = await startWarpwebSim({ ...sim, ...opts.warpweb });
  const lindo = await startLindoSim({ ...sim, ...opts.lindo });
  const dir = tempDir();
  const vr = startVirtualRelay(clock, join(dir, 'sitewire.db'), { ...providerEnv(warpweb, lindo), ...env });
  app = createApp({ relay: vr.relay, adminToken: () => ADMIN_TOKEN });
  warpweb.setWebhookTarget({ url: 'http://relay.test/ingest/warpweb', secret: WARPWEB_SECRET });
  lindo.setWebhookUrl(`http://relay.test/ingest/lindo?token=${LINDO_TOKEN}`);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app!.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(url + path, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers as Record<string, string>) },
    });

  const watchOf = async (subject: string) => {
    const res = await api('/v1/watches?limit=500');
    return ((await res.json()).data as Record<string, any>[]).find((w) => w.subject === subject);
  };

  async function advance(ms: number, done?: () => boolean | Promise<boolean>): Promise<boolean> {
    const until = clock.now() + ms;
    for (;;) {
      if (done && (await done())) return true;
      if (clock.now() >= until) return false;
      await vr.runUntil(Math.min(until, clock.now() + STEP_MS));
      await warpweb.pump();
      await lindo.pump();
    }
  }

  return {
    clock,
    relay: { url, api, services: vr.relay },
    warpweb,
    lindo,
    async eventsOf(subject) {
      const res = await api(`/v1/events?resources=${encodeURIComponent(subject)}&limit=1000`);
      return (await res.json()).data;
    },
    watchOf,
    advance,
    async settle(subject, ms = 10 * 60_000) {
      await advance(ms, async () => ((await watchOf(subject))?.state ?? 'active') !== 'active');
      return watchOf(subject);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await warpweb.close();
      await lindo.close();
      vr.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** startVirtualProviders for a whole test file: started before its first test, closed after its last. */
export function useVirtualProviders(
  env: Record<string, string> = {},
  opts: VirtualProvidersOptions = {},
): VirtualProviders {
  const setup = {} as VirtualProviders;
  beforeAll(async () => {
    Object.assign(setup, await startVirtualProviders(env, opts));
  });
  afterAll(() => setup.close?.());
  return setup;
}
