import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/simulators/clock';
import { startLindoSim } from '../src/simulators/lindo-sim';
import { startWarpwebSim } from '../src/simulators/warpweb-sim';
import { FAST_LIMIT, FAST_LIMITS } from './helpers/providers';
import { ADMIN_TOKEN, relayEnv, tempDir } from './helpers/relay';
import { startChildRelay, type ChildRelay } from './helpers/relay-process';

const dir = tempDir();
const children: ChildRelay[] = [];
afterAll(async () => {
  for (const c of children) await c.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('watches survive a SIGKILL', () => {
  it('active watches are polled again after the restart and finish', async () => {
    // The builds move on the test's clock: none can end before the kill, and all end when the test says.
    const clock = manualClock(Date.now());
    const warpweb = await startWarpwebSim({ limits: FAST_LIMITS, clock, autoPump: false });
    const lindo = await startLindoSim({ limits: FAST_LIMITS, clock, autoPump: false });
    try {
      const env = relayEnv(join(dir, 'sitewire.db'), {
        WARPWEB_API_URL: warpweb.url,
        WARPWEB_API_KEY: warpweb.apiKey,
        WARPWEB_RATE_LIMIT: FAST_LIMIT,
        LINDO_API_URL: lindo.url,
        LINDO_API_KEY: lindo.apiKey,
        LINDO_RATE_LIMIT: FAST_LIMIT,
        SITEWIRE_POLL_INTERVAL_MS: '150',
        SITEWIRE_POLL_SAFETY_MS: '150',
      });
      const api = (base: string, path: string, init: RequestInit = {}) =>
        fetch(base + path, {
          ...init,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        });

      const first = await startChildRelay({ env });
      children.push(first);
      // No webhooks at all: only polls can see these builds end.
      const builds = [
        { provider: 'warpweb', kind: 'site', id: warpweb.addSite({ durationMs: 4000, drop: true }) },
        { provider: 'warpweb', kind: 'site', id: warpweb.addSite({ durationMs: 4500, outcome: 'failed', drop: true }) },
        {
          provider: 'lindo',
          kind: 'site',
          id: lindo.addWorkflow({
            kind: 'website',
            durationMs: 4000,
            outcome: 'partial',
            pollAfterMs: 10,
            hint: false,
          }),
        },
        {
          provider: 'lindo',
          kind: 'blog',
          id: lindo.addWorkflow({ kind: 'blog', durationMs: 4500, pollAfterMs: 10, hint: false }),
        },
      ];
      for (const b of builds) {
        expect((await api(first.url, '/v1/watches', { method: 'POST', body: JSON.stringify(b) })).status).toBe(201);
      }
      const activeCount = async (base: string) =>
        (await (await api(base, '/v1/watches?state=active')).json()).data.length;
      await expect
        .poll(
          async () => {
            const list = (await (await api(first.url, '/v1/watches')).json()).data as { polls: number }[];
            return list.every((w) => w.polls >= 1);
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      expect(await activeCount(first.url)).toBe(4);

      await first.stop('SIGKILL');
      const killedAt = clock.now();
      clock.advance(1);
      const second = await startChildRelay({ env });
      children.push(second);
      clock.advance(5000); // every build has reached its end

      await expect.poll(() => activeCount(second.url), { timeout: 20_000, interval: 200 }).toBe(0);
      const requestsAfter = [...warpweb.statusRequests(), ...lindo.statusRequests()].filter((r) => r.at > killedAt);
      for (const b of builds) {
        expect(requestsAfter.some((r) => r.path.endsWith(`/${b.id}`))).toBe(true);
        const events = (await (await api(second.url, `/v1/events?resources=${b.provider}/${b.kind}/${b.id}`)).json())
          .data as { type: string }[];
        const terminal = events.filter((e) => /\.(complete|failed)$/.test(e.type)).map((e) => e.type);
        expect(terminal).toEqual([b.id === builds[1]!.id ? 'site.failed' : `${b.kind}.complete`]);
      }
      await second.stop('SIGKILL');
    } finally {
      await warpweb.close();
      await lindo.close();
    }
  });
});
