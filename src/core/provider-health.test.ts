import { describe, expect, it } from 'vitest';
import { credentialsVerdict, keyFingerprint, quietVerdict, WEBHOOKS_QUIET_MS } from './provider-health';

describe('credentialsVerdict', () => {
  it.each<[string, string | null, string, boolean, { emit: boolean; remember: string | null }]>([
    ['the first refusal of a key', null, 'k1', true, { emit: true, remember: 'k1' }],
    ['the same key refused again', 'k1', 'k1', true, { emit: false, remember: 'k1' }],
    ['another key refused', 'k1', 'k2', true, { emit: true, remember: 'k2' }],
    ['the refused key answered again', 'k1', 'k1', false, { emit: false, remember: null }],
    ['another key answered', 'k1', 'k2', false, { emit: false, remember: 'k1' }],
    ['an answer with nothing refused', null, 'k1', false, { emit: false, remember: null }],
  ])('%s', (_name, refusedKey, key, refused, expected) => {
    expect(credentialsVerdict(refusedKey, key, refused)).toEqual(expected);
  });
});

describe('quietVerdict', () => {
  const T = 1_000_000_000;
  const Q = WEBHOOKS_QUIET_MS;
  it.each<[string, Parameters<typeof quietVerdict>[0], { emit: boolean; spell: string }]>([
    [
      'a webhook 10 minutes ago',
      { now: T, lastWebhookAt: T - Q, watchingSince: 0, reportedSpell: null },
      { emit: true, spell: String(T - Q) },
    ],
    [
      'a webhook just under',
      { now: T, lastWebhookAt: T - Q + 1, watchingSince: 0, reportedSpell: null },
      { emit: false, spell: String(T - Q + 1) },
    ],
    [
      'the spell already reported',
      { now: T, lastWebhookAt: T - Q, watchingSince: 0, reportedSpell: String(T - Q) },
      { emit: false, spell: String(T - Q) },
    ],
    [
      'a new spell after a webhook',
      { now: T, lastWebhookAt: T - Q, watchingSince: 0, reportedSpell: String(T - 2 * Q) },
      { emit: true, spell: String(T - Q) },
    ],
    [
      'never a webhook, watched long enough',
      { now: T, lastWebhookAt: null, watchingSince: T - Q, reportedSpell: null },
      { emit: true, spell: 'never' },
    ],
    [
      'never a webhook, watched briefly',
      { now: T, lastWebhookAt: null, watchingSince: T - 1000, reportedSpell: null },
      { emit: false, spell: 'never' },
    ],
    [
      'an old webhook, a new watch',
      { now: T, lastWebhookAt: T - 5 * Q, watchingSince: T - 1000, reportedSpell: null },
      { emit: false, spell: String(T - 5 * Q) },
    ],
  ])('%s', (_name, input, expected) => {
    expect(quietVerdict(input)).toEqual(expected);
  });
});

describe('keyFingerprint', () => {
  it('is short, stable, and differs between keys', () => {
    expect(keyFingerprint('wwk_abc')).toMatch(/^[0-9a-f]{8}$/);
    expect(keyFingerprint('wwk_abc')).toBe(keyFingerprint('wwk_abc'));
    expect(keyFingerprint('wwk_abd')).not.toBe(keyFingerprint('wwk_abc'));
  });
});
