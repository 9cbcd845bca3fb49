/** Warpweb revisions of a watched site: the request as Warpweb receives it, and the revision watch to its end. */
import { describe, expect, it } from 'vitest';
import { REVISION_QUESTION } from '../src/simulators/warpweb-revisions';
import { typesOf } from './helpers/providers';
import { useVirtualProviders } from './helpers/virtual-providers';
import { builtSite, watchAction } from './helpers/warpweb-sites';
import { postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const p = useVirtualProviders();
const FIX_PROMPT = 'Hero must present the services as a short list, not tiles';

const revise = (watchId: string, body: unknown) => watchAction(p, watchId, 'revisions', body);
const revisionWatches = async () => (await (await p.relay.api('/v1/watches?kind=revision&limit=500')).json()).data;

describe('POST /v1/watches/:id/revisions', () => {
  it('sends the fix prompts and follows the revision to revision.complete by its webhook', async () => {
    const { id, watch } = await builtSite(p, { durationMs: 1000, outcome: 'complete_with_warnings' });
    expect(watch.status).toBe('complete_with_warnings');

    const res = await revise(watch.id, { apply_fix_prompts: true });
    expect(res.status).toBe(201);
    const revision = await res.json();
    const sent = p.warpweb.actions.filter((a) => a.siteId === id);
    expect(sent).toEqual([expect.objectContaining({ action: 'revisions', prompt: FIX_PROMPT, status: 200 })]);
    expect(revision).toMatchObject({
      provider: 'warpweb',
      kind: 'revision',
      resource_id: sent[0]!.revisionId,
      subject: `warpweb/revision/${sent[0]!.revisionId}`,
      state: 'active',
      status: 'queued',
      message: 'Queue position 1 of 1',
      metadata: { customer: 'c-42' },
    });

    const done = await p.settle(revision.subject);
    expect(done).toMatchObject({ state: 'done', status: 'complete', webhook_seen: true });
    const events = await p.eventsOf(revision.subject);
    expect(events[0]).toMatchObject({ type: 'revision.queued', data: { site_id: id, provider_status: 'pending' } });
    expect(events.at(-1)).toMatchObject({ type: 'revision.complete', data: { observed_via: 'webhook', site_id: id } });
    expect(typesOf(events).filter((t) => t === 'revision.complete')).toHaveLength(1);
  });

  it('reports the revision from polls of the site when its webhook is lost', async () => {
    const { id, watch } = await builtSite(p, { durationMs: 1000, drop: ['site.revision_complete'] });
    const res = await revise(watch.id, { prompt: 'Make the phone number larger' });
    expect(res.status).toBe(201);
    const revision = await res.json();
    expect(p.warpweb.actions.filter((a) => a.siteId === id).map((a) => a.prompt)).toEqual([
      'Make the phone number larger',
    ]);

    expect(await p.settle(revision.subject)).toMatchObject({ state: 'done', status: 'complete' });
    const events = await p.eventsOf(revision.subject);
    expect(events.at(-1)).toMatchObject({
      type: 'revision.complete',
      data: { observed_via: 'poll', site_id: id, provider_status: 'complete', resource_id: revision.resource_id },
    });
    // The site was seen working on it before it was live again.
    expect(typesOf(events)).toEqual(['revision.queued', 'revision.progress', 'revision.complete']);
    expect(p.warpweb.webhooks.filter((w) => w.siteId === id).at(-1)).toMatchObject({
      type: 'site.revision_complete',
      status: 'dropped',
    });
  });

  it('ends a failed revision with revision.failed from the polls, and a question with clarification_needed', async () => {
    const failing = await builtSite(p, { durationMs: 1000, revisionOutcome: 'failed', drop: ['site.revision_failed'] });
    const failed = await (await revise(failing.watch.id, { prompt: 'Swap the hero image' })).json();
    expect(await p.settle(failed.subject)).toMatchObject({ state: 'done', status: 'failed' });
    expect((await p.eventsOf(failed.subject)).at(-1)).toMatchObject({
      type: 'revision.failed',
      data: { observed_via: 'poll', error: { code: 'revision_failed' } },
    });

    const asking = await builtSite(p, { durationMs: 1000, revisionOutcome: 'clarification' });
    const asked = await (await revise(asking.watch.id, { prompt: 'Reorder the services' })).json();
    expect(await p.settle(asked.subject)).toMatchObject({ state: 'done', message: REVISION_QUESTION });
    expect((await p.eventsOf(asked.subject)).at(-1)).toMatchObject({
      type: 'revision.clarification_needed',
      data: { message: REVISION_QUESTION, observed_via: 'webhook' },
    });
  });

  it('takes the legacy flat site.revision_failed (revision_id) as the end of the revision watch', async () => {
    const { id, watch } = await builtSite(p, { durationMs: 1000, drop: ['site.revision_complete'] });
    const asked = await revise(watch.id, { prompt: 'Use the brand blue' });
    const revision = await asked.json();
    expect([asked.status, revision]).toEqual([201, expect.objectContaining({ kind: 'revision' })]);
    const legacy = {
      event_id: crypto.randomUUID(),
      event_type: 'site.revision_failed',
      site_id: id,
      revision_id: revision.resource_id,
      reason: 'content_policy',
      reason_detail: 'The prompt asks for content the policy does not allow',
      occurred_at: new Date(p.clock.now()).toISOString(),
    };
    const ack = await postWarpweb(p.relay.url, legacy);
    expect((await ack.json()).events).toHaveLength(1);
    expect(await p.watchOf(revision.subject)).toMatchObject({ state: 'done', status: 'failed', next_poll_at: null });
    // The site checks stop: the revision's later completion on the site is not reported again.
    await p.advance(30_000);
    const events = await p.eventsOf(revision.subject);
    expect(events.map((e) => [e.type, e.data.observed_via])).toEqual([
      ['revision.queued', 'poll'],
      ['revision.failed', 'webhook'],
    ]);
    expect(events[1]!.data.error).toEqual({ code: 'content_policy', message: legacy.reason_detail });
  });

  it("takes a revision webhook that names no revision as the end of the site's open revision", async () => {
    const { id, watch } = await builtSite(p, {
      durationMs: 1000,
      drop: ['site.revision_complete'],
      revisionMs: 600_000,
    });
    const revision = await (await revise(watch.id, { prompt: 'Add a map to the contact page' })).json();
    const ack = await postWarpweb(p.relay.url, warpwebEnvelope('site.revision_complete', id, {}));
    expect((await ack.json()).events).toHaveLength(1);
    expect(await p.watchOf(revision.subject)).toMatchObject({ state: 'done', status: 'complete' });
    expect((await p.eventsOf(revision.subject)).map((e) => [e.type, e.data.observed_via])).toEqual([
      ['revision.queued', 'poll'],
      ['revision.complete', 'webhook'],
    ]);
    expect(await p.eventsOf(`warpweb/revision/${id}`)).toEqual([]);
  });

  it('answers 409 revision_queue_full when Warpweb says queue_full, and starts no watch', async () => {
    const { watch } = await builtSite(p, { durationMs: 1000 });
    const before = (await revisionWatches()).length;
    p.warpweb.setRevisionQueueFull(true);
    try {
      const res = await revise(watch.id, { prompt: 'Add opening hours' });
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('revision_queue_full');
    } finally {
      p.warpweb.setRevisionQueueFull(false);
    }
    expect(p.warpweb.actions.at(-1)).toMatchObject({ action: 'revisions', prompt: 'Add opening hours', status: 429 });
    expect(await revisionWatches()).toHaveLength(before);
  });

  it('refuses what cannot be revised, in the error shape, without calling Warpweb', async () => {
    const plain = await builtSite(p, { durationMs: 1000 });
    const before = p.warpweb.actions.length;
    const cases: [unknown, string, number, string][] = [
      [{}, plain.watch.id, 400, 'invalid_request'],
      [{ prompt: 'x', apply_fix_prompts: true }, plain.watch.id, 400, 'invalid_request'],
      [{ prompt: '   ' }, plain.watch.id, 400, 'invalid_request'],
      [{ apply_fix_prompts: false }, plain.watch.id, 400, 'invalid_request'],
      [{ apply_fix_prompts: true }, plain.watch.id, 409, 'no_fix_prompts'],
      [{ prompt: 'x' }, 'wat_missing', 404, 'not_found'],
    ];
    for (const [body, watchId, status, code] of cases) {
      const res = await revise(watchId, body);
      expect([res.status, (await res.json()).error.code]).toEqual([status, code]);
    }
    const lindoId = p.lindo.addWorkflow({ kind: 'website', durationMs: 1000 });
    const lindo = await (
      await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'lindo', id: lindoId }) })
    ).json();
    const res = await revise(lindo.id, { prompt: 'x' });
    expect([res.status, (await res.json()).error.code]).toEqual([409, 'not_revisable']);
    expect(p.warpweb.actions.length).toBe(before);
  });
});
