/** Shared fixtures of the Warpweb normalization tests: a parse with a fixed clock, envelopes, one-signal readers. */
import { expect } from 'vitest';
import { loadConfig } from '../../config';
import { utf8 } from '../../core/bytes';
import type { EventSignal, Signal, StateSignal } from '../../core/observation';
import { warpweb } from './index';

export const ctx = { config: loadConfig({}), now: Date.parse('2026-05-18T12:05:00Z') };
export const SITE = '8f3c2a1b-5d47-4c9e-b820-1f8a3e7d9c4f';
export const AT = '2026-05-18T12:05:00.000Z';

export const parseRaw = (raw: string) =>
  warpweb.parseWebhook({ body: utf8(raw), headers: new Headers(), query: new URLSearchParams() }, ctx);
export const parse = (body: unknown) => parseRaw(JSON.stringify(body));

export const envelope = (type: string, payload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
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
export const stateOf = async (body: unknown) => {
  const s = await only(body);
  expect(s.signal).toBe('state');
  return (s as StateSignal).observation;
};
export const eventOf = async (body: unknown) => {
  const s = await only(body);
  expect(s.signal).toBe('event');
  return s as EventSignal;
};
