/**
 * The sharded path end to end, in real workerd: webhooks go through the Worker to the shard that owns
 * their subject, polls run on the shards' alarms against a stubbed status API, both race over K
 * subjects in an order a seeded random draw picks (with provider retries), and every event reaches
 * the log. The log's sequence stays contiguous, each subject gets one event per transition in its
 * order, and a resume from any position — `/v1/events?after=` or an SSE stream's Last-Event-ID — is exact.
 */
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collect, open } from './listeners';
import { stubOutbound } from './outbound';
import { warpwebSite } from './providers';
import { apiJson, postWarpweb, shardStub, warpwebEnvelope } from './relay';
import { seededRandom } from '../helpers/random';

afterEach(() => {
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every stored event, oldest first, page by page. */
async function wholeLog(): Promise<{ sequence: string; id: string; subject: string; type: string }[]> {
  const all = [];
  let after = '0';
  for (;;) {
    const page = (await apiJson(`/v1/events?after=${after}&limit=500`)).body.data;
    if (!page.length) return all;
    all.push(...page);
    after = page.at(-1).sequence;
  }
}

describe('webhooks and polls over three shards', () => {
  it.each([11, 12])('keep one contiguous sequence and one event per transition (seed %i)', async (seed) => {
    const rand = seededRandom(seed).next;
    const outbound = stubOutbound();
    const sites = Array.from({ length: 9 }, (_, i) => `prop-${seed}-${i}-${crypto.randomUUID().slice(0, 6)}`);
    const subjects = sites.map((s) => `warpweb/site/${s}`);
    // Each site's status API walks through "generating" to complete; some are watched (polled), all get webhooks.
    for (const site of sites) warpwebSite(outbound, site, [0.2, 0.5, 0.8, 1]);
    const watched = sites.filter(() => rand() < 0.7);
    for (const site of watched) {
      expect((await apiJson('/v1/watches', 'POST', { provider: 'warpweb', id: site })).status).toBe(201);
    }
    // Webhooks in a random order and at random moments, a third of them delivered twice.
    const webhooks = sites.flatMap((site) => {
      const envelope = warpwebEnvelope('site.complete', site);
      return rand() < 0.33 ? [envelope, envelope] : [envelope];
    });
    webhooks.sort(() => rand() - 0.5);
    const answers: boolean[] = [];
    for (const envelope of webhooks) {
      await sleep(Math.floor(rand() * 60));
      const res = await postWarpweb(envelope);
      expect(res.status).toBe(200);
      answers.push(((await res.json()) as { duplicate: boolean }).duplicate);
    }
    expect(answers.filter((d) => !d)).toHaveLength(sites.length);
    // Every watch ends (its subject is complete, by webhook or poll).
    for (const site of watched) {
      await expect
        .poll(
          async () =>
            (await apiJson(`/v1/watches?provider=warpweb&limit=500`)).body.data.find((w: any) => w.resource_id === site)
              ?.state,
          {
            timeout: 15_000,
            interval: 50,
          },
        )
        .toBe('done');
    }

    const log = await wholeLog();
    const ours = log.filter((e) => subjects.includes(e.subject) && e.type.startsWith('site.'));
    // One global sequence, contiguous over the whole run (other files' tests prune older events to test
    // retention, so the run's own span is what is checked).
    const seqs = log.map((e) => Number(e.sequence)).filter((seq) => seq >= Number(ours[0]!.sequence));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    // Both sources spoke: some events came from polls, some from webhooks.
    const via = new Set(ours.map((e: any) => e.data.observed_via));
    expect([...via].sort()).toEqual(['poll', 'webhook']);
    expect(new Set(ours.map((e) => e.id)).size).toBe(ours.length);
    for (const subject of subjects) {
      const events = ours.filter((e) => e.subject === subject) as any[];
      const types = events.map((e) => e.type);
      // Polls may have seen the build running first; the completion is there once, and last.
      expect(types.at(-1)).toBe('site.complete');
      expect(types.filter((t) => t !== 'site.progress')).toEqual(['site.complete']);
      // Each event is a change: no two in a row say the same (a race of both sources emits it once).
      const said = events.map((e) => JSON.stringify([e.type, e.data.phase, e.data.progress]));
      expect(said.filter((x, i) => x === said[i - 1])).toEqual([]);
      // The subject's state lives on its shard alone, and the log's copy points at its last event.
      const held = await runInDurableObject(shardStub(subject), ({ object }) =>
        object.relay!.store.resources.get(subject),
      );
      expect(held).toMatchObject({ terminal: true, lastEventId: ours.filter((e) => e.subject === subject).at(-1)!.id });
    }

    // A reader resuming after any of our events gets exactly the rest of them.
    const filter = `resources=${subjects.join(',')}&types=site.*`;
    for (let i = 0; i < 4; i++) {
      const from = Math.floor(rand() * ours.length);
      const rest = (await apiJson(`/v1/events?${filter}&after=${ours[from]!.sequence}&limit=500`)).body.data;
      expect(rest.map((e: any) => e.id)).toEqual(ours.slice(from + 1).map((e) => e.id));
    }
    const from = Math.floor(rand() * (ours.length - 1));
    const listener = { path: `/v1/stream?${filter}` };
    const replayed = await collect(listener, await open(listener, ours[from]!.sequence), ours.length - from - 1);
    expect(replayed.map((m) => m.eventId)).toEqual(ours.slice(from + 1).map((e) => e.id));
    expect(replayed.map((m) => m.id)).toEqual(ours.slice(from + 1).map((e) => e.sequence));
  });
});
