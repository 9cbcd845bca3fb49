/**
 * Stream filters (docs/api.md#streams): the same filter gives the same events live,
 * replayed with ?last_event_id=, and from GET /v1/events, and they are the
 * ones core/filter's rules select.
 */
import { describe, expect, it } from 'vitest';
import { matchesFilter, parseList } from '../src/core/filter';
import { useTestRelay } from './helpers/relay';
import { listen, type Listener } from './helpers/sse';
import { postLindo, postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const relay = useTestRelay();

const ALL_TYPES = [
  'site.complete',
  'site.progress',
  'form.submitted',
  'revision.complete',
  'warpweb.Site.Custom_Thing',
  'warpweb.site.custom%thing',
  'lindo.client.created',
];

const FILTERS = [
  'types=site.*',
  'types=site.complete,form.submitted',
  'types=site.complete&types=revision.*',
  'types=*',
  'types=warpweb.site.*',
  'types=warpweb.Site.*',
  'types=warpweb.Site.Custom_*',
  'types=warpweb.site.custom%25*',
  'types=warpweb.site.customXthing',
  'providers=lindo',
  'providers=warpweb,lindo',
  'resources=warpweb/site/s1',
  'resources=warpweb/site/s1,lindo/site/rec_1',
  'types=site.*&providers=warpweb',
  'types=site.*&providers=warpweb&resources=warpweb/site/s2',
];

async function postAll() {
  const acks = [
    await postWarpweb(relay.url, warpwebEnvelope('site.complete', 's1')),
    await postWarpweb(relay.url, warpwebEnvelope('site.research_ready', 's2')),
    await postWarpweb(relay.url, warpwebEnvelope('form.submit', 's1', { name: 'Ann' })),
    await postWarpweb(relay.url, warpwebEnvelope('site.revision_complete', 's2', { revision_id: 'r1' })),
    await postWarpweb(relay.url, warpwebEnvelope('Site.Custom_Thing', 's1')),
    await postWarpweb(relay.url, warpwebEnvelope('site.custom%thing', 's3')),
    await postLindo(relay.url, { event: 'client.created', data: { client_id: 'c1' } }),
    await postLindo(relay.url, {
      event: 'workflow.website.completed',
      data: { parent_workflow_id: 'rec_1', website_id: 'w1' },
    }),
  ];
  for (const a of acks) expect((await a.json()).events).toHaveLength(1);
}

function filterOf(query: string) {
  const p = new URLSearchParams(query);
  return {
    types: parseList(p.getAll('types')),
    providers: parseList(p.getAll('providers')),
    resources: parseList(p.getAll('resources')),
  };
}

describe('stream filters', () => {
  it('select the same events live, replayed and from the events API', async () => {
    const live = new Map<string, Listener>();
    for (const f of FILTERS)
      live.set(f, listen(`${relay.url}/v1/stream?${f}`, { token: relay.adminToken, types: ALL_TYPES }));
    await Promise.all([...live.values()].map((l) => l.opened));

    await postAll();
    const all = (await (await relay.api('/v1/events')).json()).data as {
      sequence: string;
      type: string;
      subject: string;
      source: string;
    }[];
    expect(all).toHaveLength(8);

    for (const f of FILTERS) {
      const filter = filterOf(f);
      const expected = all
        .filter((e) =>
          matchesFilter(filter, { type: e.type, subject: e.subject, provider: e.source.replace('sitewire/', '') }),
        )
        .map((e) => Number(e.sequence));

      const api = (await (await relay.api(`/v1/events?${f}`)).json()).data.map((e: { sequence: string }) =>
        Number(e.sequence),
      );
      expect(api, `events API ${f}`).toEqual(expected);

      const replay = listen(`${relay.url}/v1/stream?${f}&last_event_id=0`, {
        token: relay.adminToken,
        types: ALL_TYPES,
      });
      await replay.opened;
      const l = live.get(f)!;
      // One more event that matches nothing ends both waits: once it is through, everything before it is too.
      await expect.poll(() => replay.seqs(), { timeout: 10_000, message: `replay ${f}` }).toEqual(expected);
      await expect.poll(() => l.seqs(), { timeout: 10_000, message: `live ${f}` }).toEqual(expected);
      replay.close();
    }
    for (const l of live.values()) l.close();
  });

  it('select the examples as documented', async () => {
    const bySubjectAndType = async (f: string) =>
      ((await (await relay.api(`/v1/events?${f}`)).json()).data as { type: string; subject: string }[]).map(
        (e) => `${e.type} ${e.subject}`,
      );
    expect(await bySubjectAndType('types=site.*')).toEqual([
      'site.complete warpweb/site/s1',
      'site.progress warpweb/site/s2',
      'site.complete lindo/site/rec_1',
    ]);
    expect(await bySubjectAndType('types=warpweb.site.*')).toEqual(['warpweb.site.custom%thing warpweb/site/s3']);
    expect(await bySubjectAndType('types=warpweb.Site.Custom_*')).toEqual([
      'warpweb.Site.Custom_Thing warpweb/site/s1',
    ]);
    expect(await bySubjectAndType('providers=lindo')).toEqual([
      'lindo.client.created lindo/client/c1',
      'site.complete lindo/site/rec_1',
    ]);
    expect(await bySubjectAndType('resources=warpweb/site/s1&types=site.*,form.*')).toEqual([
      'site.complete warpweb/site/s1',
      'form.submitted warpweb/site/s1',
    ]);
  });
});
