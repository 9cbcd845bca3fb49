import { describe, expect, it } from 'vitest';
import { errorCode, passThroughType } from './names';

describe('passThroughType', () => {
  it('keeps the names providers use', () => {
    expect(passThroughType('warpweb', 'webhook.test_ping')).toBe('warpweb.webhook.test_ping');
    expect(passThroughType('lindo', 'client.created')).toBe('lindo.client.created');
  });

  it('never lets a line break or other text through', () => {
    expect(passThroughType('lindo', 'x\ndata: injected\r\nid: 99999')).toBe('lindo.x_data:_injected_id:_99999');
    expect(passThroughType('lindo', 'a\u2028b\u0085c\u0000d\u200be')).toBe('lindo.a_b_c_d_e');
    expect(passThroughType('warpweb', 'site completed ✓')).toBe('warpweb.site_completed_✓');
    expect(passThroughType('warpweb', 'site.custom%thing')).toBe('warpweb.site.custom%thing');
  });
});

describe('errorCode', () => {
  it('gives snake_case whatever form the provider used, or the fallback', () => {
    expect(errorCode('bad_prompt', 'x')).toBe('bad_prompt');
    expect(errorCode('PROMPT-TOO-LONG', 'x')).toBe('prompt_too_long');
    expect(errorCode('quotaExceeded', 'x')).toBe('quota_exceeded');
    expect(errorCode('Out of credits!', 'x')).toBe('out_of_credits');
    expect(errorCode('  ', 'revision_failed')).toBe('revision_failed');
    expect(errorCode(undefined, 'build_failed')).toBe('build_failed');
  });
});

describe('a Warpweb failure reason', () => {
  it('becomes a snake_case error code on the event', async () => {
    const { normalizeEnvelope } = await import('./warpweb/normalize');
    const { envelopeSchema } = await import('./warpweb/schemas');
    const body = envelopeSchema.parse({
      event_id: 'e-1',
      type: 'site.revision_failed',
      site_id: 's-1',
      occurred_at: '2026-05-18T12:05:00.000Z',
      payload: { reason: 'PromptTooLong', reason_detail: 'The prompt is too long.', revision_id: 'r-1' },
    });
    const [signal] = normalizeEnvelope(body);
    expect(signal).toMatchObject({
      signal: 'state',
      observation: { error: { code: 'prompt_too_long', message: 'The prompt is too long.' } },
    });
  });
});
