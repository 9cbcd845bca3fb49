/** A relay wired to both provider simulators, with fast polling and a generous test budget. */
import { afterAll, beforeAll } from 'vitest';
import type { RateLimit } from '../../src/core/rate-budget';
import { startLindoSim, type LindoSimOptions } from '../../src/simulators/lindo-sim';
import { startWarpwebSim, type WarpwebSimOptions } from '../../src/simulators/warpweb-sim';
import { LINDO_TOKEN, startTestRelay, WARPWEB_SECRET, type TestRelay } from './relay';

/** Tests other than the budget test run with a large budget so they are quick; the budget test uses the real ones. */
export const FAST_LIMIT = '6000/1m';
export const FAST_LIMITS: RateLimit[] = [{ limit: 6000, windowMs: 60_000 }];

/** The relay's variables for the two simulators: their URLs and keys, quick polls, the test budget. */
export const providerEnv = (
  warpweb: { url: string; apiKey: string },
  lindo: { url: string; apiKey: string },
): Record<string, string> => ({
  WARPWEB_API_URL: warpweb.url,
  WARPWEB_API_KEY: warpweb.apiKey,
  LINDO_API_URL: lindo.url,
  LINDO_API_KEY: lindo.apiKey,
  SITEWIRE_POLL_INTERVAL_MS: '100',
  SITEWIRE_POLL_SAFETY_MS: '200',
  SITEWIRE_POLL_TIMEOUT_MS: '1500',
  WARPWEB_RATE_LIMIT: FAST_LIMIT,
  LINDO_RATE_LIMIT: FAST_LIMIT,
});

export interface ProviderSetup {
  relay: TestRelay;
  warpweb: Awaited<ReturnType<typeof startWarpwebSim>>;
  lindo: Awaited<ReturnType<typeof startLindoSim>>;
  /** Stored events about one subject, oldest first. */
  eventsOf(subject: string): Promise<{ type: string; sequence: string; data: Record<string, any> }[]>;
  watchOf(subject: string): Promise<Record<string, any> | undefined>;
  close(): Promise<void>;
}

export interface ProvidersOptions {
  warpweb?: WarpwebSimOptions;
  lindo?: LindoSimOptions;
  dir?: string;
}

export async function startProviders(
  env: Record<string, string> = {},
  opts: ProvidersOptions = {},
): Promise<ProviderSetup> {
  const warpweb = await startWarpwebSim({ limits: FAST_LIMITS, slowMs: 2500, retryAfterS: 1, ...opts.warpweb });
  const lindo = await startLindoSim({ limits: FAST_LIMITS, slowMs: 2500, retryAfterS: 1, ...opts.lindo });
  const relay = await startTestRelay({ ...providerEnv(warpweb, lindo), ...env }, { dir: opts.dir });
  warpweb.setWebhookTarget({ url: `${relay.url}/ingest/warpweb`, secret: WARPWEB_SECRET });
  lindo.setWebhookUrl(`${relay.url}/ingest/lindo?token=${LINDO_TOKEN}`);
  return {
    relay,
    warpweb,
    lindo,
    async eventsOf(subject) {
      const res = await relay.api(`/v1/events?resources=${encodeURIComponent(subject)}&limit=1000`);
      return (await res.json()).data;
    },
    async watchOf(subject) {
      const res = await relay.api('/v1/watches?limit=500');
      return ((await res.json()).data as Record<string, any>[]).find((w) => w.subject === subject);
    },
    async close() {
      await relay.stop();
      await warpweb.close();
      await lindo.close();
    },
  };
}

/** startProviders for a whole test file: started before its first test, closed after its last. */
export function useProviders(env: Record<string, string> = {}, opts: ProvidersOptions = {}): ProviderSetup {
  const setup = {} as ProviderSetup;
  beforeAll(async () => {
    Object.assign(setup, await startProviders(env, opts));
  });
  afterAll(() => setup.close?.());
  return setup;
}

export const typesOf = (events: { type: string }[]) => events.map((e) => e.type);
