/** Warpweb's legacy flat bodies, and the bodies refused with 400 in either generation. */
import { describe, expect, it } from 'vitest';
import { AT, envelope, eventOf, parse, parseRaw, SITE, stateOf } from './normalize-fixtures';

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
    expect(
      await stateOf(flat('site.build_failed', { reason: 'timeout', reason_detail: 'Took too long' })),
    ).toMatchObject({
      kind: 'site',
      status: 'failed',
      error: { code: 'timeout', message: 'Took too long' },
    });
  });

  it('site.revision_complete -> revision complete by revision_id', async () => {
    expect(
      await stateOf(flat('site.revision_complete', { revision_id: 'rev-9', deployed_url: 'https://c.warpweb.app' })),
    ).toMatchObject({
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
    expect(e.data.form).toEqual({
      name: 'Bo',
      email: 'bo@example.com',
      phone: null,
      message: 'Quote please',
      fields: { budget: '500' },
    });
  });

  it('an unknown flat type passes through', async () => {
    expect(await eventOf(flat('site.archived'))).toMatchObject({
      type: 'warpweb.site.archived',
      subject: `warpweb/site/${SITE}`,
    });
  });
});

describe('Warpweb bodies refused with 400', () => {
  it.each([
    ['not JSON', '{"event_id":', 'invalid_json'],
    ['JSON null', 'null', 'invalid_request'],
    ['an array', '[]', 'invalid_request'],
    ['a string', '"site.complete"', 'invalid_request'],
  ])('%s', async (_name, raw, code) => {
    await expect(parseRaw(raw)).rejects.toMatchObject({ code });
  });

  it.each([
    ['a numeric event_id', { ...envelope('site.complete'), event_id: 42 }, ['event_id']],
    ['an empty event_id', { ...envelope('site.complete'), event_id: '' }, ['event_id']],
    ['a numeric type', { ...envelope('site.complete'), type: 7 }, ['type']],
    ['a numeric site_id', { ...envelope('site.complete'), site_id: 1 }, ['site_id']],
    ['a non-ISO occurred_at', { ...envelope('site.complete'), occurred_at: 'yesterday' }, ['occurred_at']],
    ['a string payload', { ...envelope('site.complete'), payload: 'done' }, ['payload']],
    ['warnings not a list', envelope('site.complete', { warnings: 'many' }), ['payload', 'warnings']],
    [
      'a warning without rule',
      envelope('site.complete', { warnings: [{ severity: 'error' }] }),
      ['payload', 'warnings', 0, 'rule'],
    ],
    [
      'usage tokens as text',
      envelope('site.complete', { usage: { tokens_in: 'lots' } }),
      ['payload', 'usage', 'tokens_in'],
    ],
    ['a numeric deployment_url', envelope('site.complete', { deployment_url: 5 }), ['payload', 'deployment_url']],
    ['a numeric last_error', envelope('site.failed', { last_error: 5 }), ['payload', 'last_error']],
    ['a numeric revision_id', envelope('site.revision_complete', { revision_id: 5 }), ['payload', 'revision_id']],
    ['a question object', envelope('site.revision_clarification_needed', { question: {} }), ['payload', 'question']],
    ['a numeric form email', envelope('form.submit', { email: 5 }), ['payload', 'email']],
    ['site.complete without site_id', { ...envelope('site.complete'), site_id: undefined }, ['site_id']],
    ['a flat body without event_type', { event_id: 'x', site_id: SITE }, ['event_type']],
    [
      'a flat numeric deployed_url',
      { event_id: 'x', event_type: 'site.build_complete', site_id: SITE, deployed_url: 1 },
      ['deployed_url'],
    ],
    [
      'a flat numeric submitted_at',
      { event_id: 'x', event_type: 'form_submission', site_id: SITE, submitted_at: 1 },
      ['submitted_at'],
    ],
  ])('%s -> invalid_request naming the field', async (_name, body, path) => {
    const err = await parse(body).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AppError', code: 'invalid_request' });
    expect((err as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(path);
  });
});
