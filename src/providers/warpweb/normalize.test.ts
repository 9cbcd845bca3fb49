import { describe, expect, it } from 'vitest';
import { AT, envelope, eventOf, parse, SITE, stateOf } from './normalize-fixtures';

const USAGE = { credits_charged: null, tokens_in: 1200, tokens_out: 5400, cost_usd: 0.42 };
const WARNING = {
  rule: 'hero-is-wedge-not-list',
  severity: 'error',
  page: 'index.html',
  viewport: 'desktop',
  description: 'Hero shows 6 service tiles',
  fix_via_revision: { endpoint: '/v1/sites/x/revisions', suggested_prompt: 'Hero must list the services' },
  undocumented: true,
};

describe('Warpweb envelope normalization', () => {
  it('dedups on the event id', async () => {
    expect((await parse(envelope('site.complete'))).dedupKey).toBe('warpweb:e-1');
  });

  it('site.research_ready -> running, phase research_review', async () => {
    expect(await stateOf(envelope('site.research_ready', { message: 'Research is ready for review' }))).toMatchObject({
      provider: 'warpweb',
      kind: 'site',
      resourceId: SITE,
      status: 'running',
      providerStatus: 'generating',
      phase: 'research_review',
      message: 'Research is ready for review',
      siteId: SITE,
      providerTime: AT,
      observedVia: 'webhook',
      providerEventId: 'e-1',
    });
  });

  it('site.complete without warnings -> complete with url and usage', async () => {
    const obs = await stateOf(envelope('site.complete', { usage: USAGE, deployment_url: 'https://a.warpweb.app' }));
    expect(obs).toMatchObject({
      kind: 'site',
      resourceId: SITE,
      status: 'complete',
      providerStatus: 'complete',
      url: 'https://a.warpweb.app',
      usage: USAGE,
      warnings: null,
      error: null,
    });
    expect(obs.typeOverride).toBeUndefined();
    expect(obs.raw).toEqual(envelope('site.complete', { usage: USAGE, deployment_url: 'https://a.warpweb.app' }));
  });

  it('site.complete with warnings -> complete_with_warnings, fix_via_revision prompts as fix_prompt', async () => {
    const obs = await stateOf(
      envelope('site.complete', { usage: USAGE, warnings: [WARNING, { rule: 'bare', fix_via_revision: null }] }),
    );
    expect(obs.status).toBe('complete_with_warnings');
    expect(obs.providerStatus).toBe('complete_with_warnings');
    expect(obs.warnings).toEqual([
      {
        code: 'hero-is-wedge-not-list',
        severity: 'error',
        page: 'index.html',
        viewport: 'desktop',
        message: 'Hero shows 6 service tiles',
        fix_prompt: 'Hero must list the services',
      },
      { code: 'bare', severity: null, page: null, viewport: null, message: null, fix_prompt: null },
    ]);
  });

  it('site.complete naming complete_with_warnings with an empty list is still with warnings', async () => {
    const obs = await stateOf(envelope('site.complete', { status: 'complete_with_warnings', warnings: [] }));
    expect(obs).toMatchObject({ status: 'complete_with_warnings', warnings: null });
  });

  it('site.failed -> failed with the error', async () => {
    expect(await stateOf(envelope('site.failed', { last_error: 'Could not reach the maps listing' }))).toMatchObject({
      kind: 'site',
      status: 'failed',
      providerStatus: 'failed',
      error: { code: 'build_failed', message: 'Could not reach the maps listing' },
    });
    expect(
      (await stateOf(envelope('site.failed', { reason: 'quota_exceeded', reason_detail: 'No credits' }))).error,
    ).toEqual({
      code: 'quota_exceeded',
      message: 'No credits',
    });
    expect((await stateOf(envelope('site.failed'))).error).toEqual({
      code: 'build_failed',
      message: 'The build failed.',
    });
  });

  it('site.revision_complete -> revision complete, by revision id', async () => {
    expect(await stateOf(envelope('site.revision_complete', { revision_id: 'rev-1', usage: USAGE }))).toMatchObject({
      kind: 'revision',
      resourceId: 'rev-1',
      siteId: SITE,
      status: 'complete',
      usage: USAGE,
    });
    expect((await stateOf(envelope('site.revision_complete', { revisionId: 'rev-2' }))).resourceId).toBe('rev-2');
    // Without a revision id the site stands in for it (README decision).
    expect((await stateOf(envelope('site.revision_complete'))).resourceId).toBe(SITE);
  });

  it('site.revision_failed -> revision failed with reason and detail', async () => {
    expect(
      await stateOf(
        envelope('site.revision_failed', {
          revision_id: 'rev-1',
          reason: 'prompt_rejected',
          reason_detail: 'Too vague',
        }),
      ),
    ).toMatchObject({
      kind: 'revision',
      resourceId: 'rev-1',
      status: 'failed',
      error: { code: 'prompt_rejected', message: 'Too vague' },
    });
    expect((await stateOf(envelope('site.revision_failed', { revision_id: 'r' }))).error).toEqual({
      code: 'revision_failed',
      message: 'The revision failed.',
    });
  });

  it('site.revision_clarification_needed -> revision.clarification_needed with the question as message', async () => {
    expect(
      await stateOf(envelope('site.revision_clarification_needed', { revision_id: 'rev-1', question: 'Which page?' })),
    ).toMatchObject({
      kind: 'revision',
      resourceId: 'rev-1',
      status: 'running',
      providerStatus: 'clarification_needed',
      phase: 'clarification_needed',
      message: 'Which page?',
      typeOverride: 'revision.clarification_needed',
    });
  });

  it('form.submit -> form.submitted event on the site', async () => {
    const e = await eventOf(
      envelope('form.submit', {
        name: 'Ann',
        email: 'ann@example.com',
        phone: '555',
        message: 'Hi',
        fields: { x: 1 },
        submitted_at: '2026-05-18T12:06:00Z',
      }),
    );
    expect(e).toMatchObject({
      type: 'form.submitted',
      subject: `warpweb/site/${SITE}`,
      provider: 'warpweb',
      time: '2026-05-18T12:06:00Z',
    });
    expect(e.data).toMatchObject({
      provider: 'warpweb',
      kind: 'site',
      resource_id: SITE,
      site_id: SITE,
      observed_via: 'webhook',
      provider_event_id: 'e-1',
      form: { name: 'Ann', email: 'ann@example.com', phone: '555', message: 'Hi', fields: { x: 1 } },
    });
  });

  it('webhook.test_ping -> warpweb.webhook.test_ping pass-through', async () => {
    const e = await eventOf(envelope('webhook.test_ping', {}, { site_id: undefined }));
    expect(e).toMatchObject({ type: 'warpweb.webhook.test_ping', subject: 'warpweb/account', time: AT });
    expect(e.data).toMatchObject({ provider: 'warpweb', kind: null, resource_id: null, provider_event_id: 'e-1' });
  });

  it('an unknown type -> warpweb.<type>, on the site it names', async () => {
    const e = await eventOf(envelope('site.paused', { reason: 'billing' }));
    expect(e).toMatchObject({ type: 'warpweb.site.paused', subject: `warpweb/site/${SITE}` });
    expect(e.data).toMatchObject({
      kind: 'site',
      resource_id: SITE,
      site_id: SITE,
      raw: envelope('site.paused', { reason: 'billing' }),
    });
  });

  it('keeps undocumented fields and an absent payload', async () => {
    const obs = await stateOf({ ...envelope('site.complete'), payload: undefined, extra_field: { any: 'thing' } });
    expect(obs.status).toBe('complete');
    expect(obs.raw).toMatchObject({ extra_field: { any: 'thing' } });
  });
});
