import { describe, expect, it } from 'vitest';
import { passThroughType } from './pass-through';

describe('passThroughType', () => {
  it('keeps the names providers use', () => {
    expect(passThroughType('warpweb', 'webhook.test_ping')).toBe('warpweb.webhook.test_ping');
    expect(passThroughType('lindo', 'client.created')).toBe('lindo.client.created');
  });

  it('never lets a line break or other text through', () => {
    expect(passThroughType('lindo', 'x\ndata: injected\r\nid: 99999')).toBe('lindo.x_data:_injected_id:_99999');
    expect(passThroughType('warpweb', 'site completed ✓')).toBe('warpweb.site_completed_');
  });
});
