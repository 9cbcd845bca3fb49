import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { utf8 } from '../../core/bytes';
import type { EventSignal, Signal, StateSignal } from '../../core/observation';
import { warpweb } from './index';

const ctx = { config: loadConfig({}), now: Date.parse('2026-05-18T12:05:00Z') };
const SITE = '8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f';
const AT = '2026-05-18T12:05:00.000Z';

const parse = (body: unknown) =>
  warpweb.parseWebhook({ body: utf8(JSON.stringify(body)), headers: new Headers(), query: new URLSearchParams() }, ctx);

const envelope = (type: string, payload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  event_id: 'e-1',
  type,
  site_id: SITE,
  occurred_at: AT,
  payload,
  ...extra,
});

async function only(body: unknown): Promise<Signal> {
  const parsed = await parse(body);
  expect(parsed.signals).toHaveLength(1);
  return parsed.signals[0]!;
}
const stateOf = async (body: unknown) => {
  const s = await only(body);
  expect(s.signal).toBe('state');
  return (s as StateSignal).observation;
};
const eventOf = async (body: unknown) => {
  const s = await only(body);
  expect(s.signal).toBe('event');
  return s as EventSignal;
};

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
    expect((await stateOf(envelope('site.failed', { reason: 'quota_exceeded', reason_detail: 'No credits' }))).error).toEqual({
      code: 'quota_exceeded',
      message: 'No credits',
    });
    expect((await stateOf(envelope('site.failed'))).error).toEqual({ code: 'build_failed', message: 'The build failed.' });
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
      await stateOf(envelope('site.revision_failed', { revision_id: 'rev-1', reason: 'prompt_rejected', reason_detail: 'Too vague' })),
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
      envelope('form.submit', { name: 'Ann', email: 'ann@example.com', phone: '555', message: 'Hi', fields: { x: 1 }, submitted_at: '2026-05-18T12:06:00Z' }),
    );
    expect(e).toMatchObject({ type: 'form.submitted', subject: `warpweb/site/${SITE}`, provider: 'warpweb', time: '2026-05-18T12:06:00Z' });
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
    expect(e.data).toMatchObject({ kind: 'site', resource_id: SITE, site_id: SITE, raw: envelope('site.paused', { reason: 'billing' }) });
  });

  it('keeps undocumented fields and an absent payload', async () => {
    const obs = await stateOf({ ...envelope('site.complete'), payload: undefined, extra_field: { any: 'thing' } });
    expect(obs.status).toBe('complete');
    expect(obs.raw).toMatchObject({ extra_field: { any: 'thing' } });
  });
});

describe('Warpweb legacy flat bodies', () => {
  const flat = (event_type: string, extra: Record<string, unknown> = {}) => ({
    event_id: 'old-1',
    event_type,
    site_id: SITE,
    occurred_at: AT,
    ...extra,
  });

  it('site.build_complete -> site complete with the deployed url', async () => {
    expect((await parse(flat('site.build_complete'))).dedupKey).toBe('warpweb:old-1');
    expect(await stateOf(flat('site.build_complete', { deployed_url: 'https://b.warpweb.app' }))).toMatchObject({
      kind: 'site',
      resourceId: SITE,
      status: 'complete',
      url: 'https://b.warpweb.app',
      providerTime: AT,
      providerEventId: 'old-1',
    });
  });

  it('site.build_failed -> site failed', async () => {
    expect(await stateOf(flat('site.build_failed', { reason: 'timeout', reason_detail: 'Took too long' }))).toMatchObject({
      kind: 'site',
      status: 'failed',
      error: { code: 'timeout', message: 'Took too long' },
    });
  });

  it('site.revision_complete -> revision complete by revision_id', async () => {
    expect(await stateOf(flat('site.revision_complete', { revision_id: 'rev-9', deployed_url: 'https://c.warpweb.app' }))).toMatchObject({
      kind: 'revision',
      resourceId: 'rev-9',
      status: 'complete',
      url: 'https://c.warpweb.app',
    });
  });

  it('site.revision_failed -> revision failed', async () => {
    expect(await stateOf(flat('site.revision_failed', { revision_id: 'rev-9', reason: 'bad_prompt' }))).toMatchObject({
      kind: 'revision',
      resourceId: 'rev-9',
      status: 'failed',
      error: { code: 'bad_prompt', message: 'The revision failed.' },
    });
  });

  it('form_submission -> form.submitted with raw_fields', async () => {
    const e = await eventOf({
      event_id: 'f-1',
      event_type: 'form_submission',
      site_id: SITE,
      submitted_at: '2026-05-18T12:07:00Z',
      name: 'Bo',
      email: 'bo@example.com',
      phone: null,
      message: 'Quote please',
      raw_fields: { budget: '500' },
    });
    expect(e).toMatchObject({ type: 'form.submitted', subject: `warpweb/site/${SITE}`, time: '2026-05-18T12:07:00Z' });
    expect(e.data.form).toEqual({ name: 'Bo', email: 'bo@example.com', phone: null, message: 'Quote please', fields: { budget: '500' } });
  });

  it('an unknown flat type passes through', async () => {
    expect(await eventOf(flat('site.archived'))).toMatchObject({ type: 'warpweb.site.archived', subject: `warpweb/site/${SITE}` });
  });
});

describe('Warpweb bodies refused with 400', () => {
  it.each([
    ['not JSON', '{"event_id":', 'invalid_json'],
    ['JSON null', 'null', 'invalid_request'],
    ['an array', '[]', 'invalid_request'],
    ['a string', '"site.complete"', 'invalid_request'],
  ])('%s', async (_name, raw, code) => {
    await expect(
      warpweb.parseWebhook({ body: utf8(raw), headers: new Headers(), query: new URLSearchParams() }, ctx),
    ).rejects.toMatchObject({ code });
  });

  it.each([
    ['a numeric event_id', { ...envelope('site.complete'), event_id: 42 }, ['event_id']],
    ['an empty event_id', { ...envelope('site.complete'), event_id: '' }, ['event_id']],
    ['a numeric type', { ...envelope('site.complete'), type: 7 }, ['type']],
    ['a numeric site_id', { ...envelope('site.complete'), site_id: 1 }, ['site_id']],
    ['a non-ISO occurred_at', { ...envelope('site.complete'), occurred_at: 'yesterday' }, ['occurred_at']],
    ['a string payload', { ...envelope('site.complete'), payload: 'done' }, ['payload']],
    ['warnings not a list', envelope('site.complete', { warnings: 'many' }), ['payload', 'warnings']],
    ['a warning without rule', envelope('site.complete', { warnings: [{ severity: 'error' }] }), ['payload', 'warnings', 0, 'rule']],
    ['usage tokens as text', envelope('site.complete', { usage: { tokens_in: 'lots' } }), ['payload', 'usage', 'tokens_in']],
    ['a numeric deployment_url', envelope('site.complete', { deployment_url: 5 }), ['payload', 'deployment_url']],
    ['a numeric last_error', envelope('site.failed', { last_error: 5 }), ['payload', 'last_error']],
    ['a numeric revision_id', envelope('site.revision_complete', { revision_id: 5 }), ['payload', 'revision_id']],
    ['a question object', envelope('site.revision_clarification_needed', { question: {} }), ['payload', 'question']],
    ['a numeric form email', envelope('form.submit', { email: 5 }), ['payload', 'email']],
    ['site.complete without site_id', { ...envelope('site.complete'), site_id: undefined }, ['site_id']],
    ['a flat body without event_type', { event_id: 'x', site_id: SITE }, ['event_type']],
    ['a flat numeric deployed_url', { event_id: 'x', event_type: 'site.build_complete', site_id: SITE, deployed_url: 1 }, ['deployed_url']],
    ['a flat numeric submitted_at', { event_id: 'x', event_type: 'form_submission', site_id: SITE, submitted_at: 1 }, ['submitted_at']],
  ])('%s -> invalid_request naming the field', async (_name, body, path) => {
    const err = await parse(body).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AppError', code: 'invalid_request' });
    expect((err as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(path);
  });
});
