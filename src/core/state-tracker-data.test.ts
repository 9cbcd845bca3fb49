/** What the state tracker writes: the event's data and the state it keeps for the next decision. */
import { describe, expect, it } from 'vitest';
import { decide } from './state-tracker';
import { NOW, obs, run, running, T } from './state-tracker-fixtures';

describe('state tracker event data and state', () => {
  it('uses the provider time, else the observation time', () => {
    const withTime = decide(null, obs('complete', { providerTime: T(2) }), NOW);
    expect(withTime).toMatchObject({ emit: true, time: T(2), providerTime: Date.parse(T(2)) });
    const without = decide(null, obs('complete', { providerTime: 'not a time' }), NOW);
    expect(without).toMatchObject({ emit: true, time: new Date(NOW).toISOString(), providerTime: null });
  });

  it('carries url, site_id and usage over from an earlier event when a later observation lacks them', () => {
    const usage = { credits_charged: 3, tokens_in: 1, tokens_out: 2, cost_usd: 0.1 };
    const { state } = run(
      running('deploying', null, { url: 'https://a.example', siteId: 'site-9', usage }),
      obs('complete', { observedVia: 'poll' }),
    );
    expect(state!.data).toMatchObject({
      status: 'complete',
      url: 'https://a.example',
      site_id: 'site-9',
      usage,
      observed_via: 'poll',
    });
  });

  it('prefers what the new observation says', () => {
    const { state } = run(
      running('deploying', null, { url: 'https://old.example', siteId: 'a' }),
      obs('complete', { url: 'https://new.example', siteId: 'b' }),
    );
    expect(state!.data).toMatchObject({ url: 'https://new.example', site_id: 'b' });
  });

  it('fills every data field from the observation', () => {
    const o = obs('complete_with_warnings', {
      providerStatus: 'partial',
      warnings: [
        { code: 'page_errored', severity: 'error', page: '/a', viewport: null, message: 'x', fix_prompt: null },
      ],
      pages: [{ slug: 'a', path: '/a', status: 'errored', page_id: 'p', error: 'x' }],
      progress: { total: 2, complete: 1, running: 0, errored: 1 },
      providerEventId: 'e-1',
      raw: { any: 1 },
    });
    const d = decide(null, o, NOW);
    expect(d.emit && d.data).toEqual({
      provider: 'warpweb',
      kind: 'site',
      resource_id: 's1',
      site_id: null,
      status: 'complete_with_warnings',
      provider_status: 'partial',
      phase: null,
      message: null,
      url: null,
      progress: { total: 2, complete: 1, running: 0, errored: 1 },
      pages: [{ slug: 'a', path: '/a', status: 'errored', page_id: 'p', error: 'x' }],
      warnings: [
        { code: 'page_errored', severity: 'error', page: '/a', viewport: null, message: 'x', fix_prompt: null },
      ],
      error: null,
      usage: null,
      observed_via: 'webhook',
      provider_event_id: 'e-1',
      raw: { any: 1 },
    });
  });

  it('keeps the newest provider time, the sequence and the terminal flag in the state', () => {
    const { state } = run(running('g', null, { providerTime: T(4) }), obs('complete'));
    expect(state).toMatchObject({
      subject: 'warpweb/site/s1',
      status: 'complete',
      terminal: true,
      providerTime: Date.parse(T(4)),
      lastSeq: 2,
      lastEventId: 'evt_1',
    });
  });
});
