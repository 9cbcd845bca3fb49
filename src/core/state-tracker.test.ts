/** docs/events.md#one-truth-per-transition as a table: which observation, after which state, makes which event. */
import { describe, expect, it } from 'vitest';
import { subjectOf } from './event';
import { blankObservation, type Observation } from './observation';
import { decide, nextState, type ResourceState } from './state-tracker';
import type { NormalizedStatus } from './status';

const NOW = Date.parse('2026-05-18T12:10:00Z');
const T = (min: number) => new Date(Date.parse('2026-05-18T12:00:00Z') + min * 60_000).toISOString();

function obs(status: NormalizedStatus, over: Partial<Observation> = {}): Observation {
  return {
    ...blankObservation({ provider: 'warpweb', kind: 'site', resourceId: 's1', status, providerStatus: status, observedVia: 'webhook' }),
    ...over,
  };
}

/** Applies observations in order, as the recorder does; returns each decision's event type or drop reason. */
function run(...observations: Observation[]): { outcomes: string[]; state: ResourceState | null } {
  let state: ResourceState | null = null;
  const outcomes: string[] = [];
  observations.forEach((o, i) => {
    const d = decide(state, o, NOW + i);
    if (!d.emit) {
      outcomes.push(`drop:${d.reason}`);
      return;
    }
    outcomes.push(d.type);
    state = nextState(state, o, d, i + 1, `evt_${i}`, subjectOf(o.provider, o.kind, o.resourceId), NOW + i);
  });
  return { outcomes, state };
}

const running = (phase: string | null, message: string | null = null, over: Partial<Observation> = {}) =>
  obs('running', { phase, message, ...over });

describe('state tracker decisions', () => {
  it.each<[string, Observation[], string[]]>([
    ['first queued', [obs('queued')], ['site.queued']],
    ['first running', [running('researching')], ['site.progress']],
    ['first complete', [obs('complete')], ['site.complete']],
    ['first complete_with_warnings', [obs('complete_with_warnings')], ['site.complete']],
    ['first failed', [obs('failed')], ['site.failed']],
    [
      'the same running transition by webhook then poll',
      [running('research_review', 'Ready', { observedVia: 'webhook' }), running('research_review', 'Ready', { observedVia: 'poll' })],
      ['site.progress', 'drop:unchanged'],
    ],
    [
      'the same queued state twice',
      [obs('queued'), obs('queued', { observedVia: 'poll', message: 'still waiting' })],
      ['site.queued', 'drop:unchanged'],
    ],
    [
      'complete by webhook, then the same by poll',
      [obs('complete', { observedVia: 'webhook' }), obs('complete', { observedVia: 'poll' })],
      ['site.complete', 'drop:terminal'],
    ],
    ['queued -> running -> complete', [obs('queued'), running('generating'), obs('complete')], ['site.queued', 'site.progress', 'site.complete']],
    ['a phase change', [running('researching'), running('generating')], ['site.progress', 'site.progress']],
    ['a message change', [running('generating', '2 of 5 pages'), running('generating', '3 of 5 pages')], ['site.progress', 'site.progress']],
    [
      'a progress change',
      [
        running(null, null, { progress: { total: 5, complete: 2, running: 3, errored: 0 } }),
        running(null, null, { progress: { total: 5, complete: 3, running: 2, errored: 0 } }),
        running(null, null, { progress: { total: 5, complete: 3, running: 2, errored: 0 } }),
      ],
      ['site.progress', 'site.progress', 'drop:unchanged'],
    ],
    [
      'progress appearing, then going away',
      [running('g'), running('g', null, { progress: { total: 1, complete: 0, running: 1, errored: 0 } }), running('g')],
      ['site.progress', 'site.progress', 'site.progress'],
    ],
    [
      'an observation older than the applied one (same stage)',
      [running('generating', null, { providerTime: T(5) }), running('researching', null, { providerTime: T(3) })],
      ['site.progress', 'drop:stale'],
    ],
    [
      'an observation as old as the applied one that changes something',
      [running('generating', null, { providerTime: T(5) }), running('reviewing', null, { providerTime: T(5) })],
      ['site.progress', 'site.progress'],
    ],
    [
      'an observation without a provider time is not stale',
      [running('generating', null, { providerTime: T(5) }), running('reviewing')],
      ['site.progress', 'site.progress'],
    ],
    ['a lower stage after a higher one', [running('generating'), obs('queued')], ['site.progress', 'drop:regressed']],
    [
      'a higher stage with an older provider time still applies',
      [running('generating', null, { providerTime: T(5) }), obs('complete', { providerTime: T(1) })],
      ['site.progress', 'site.complete'],
    ],
    ['running after complete', [obs('complete'), running('deploying')], ['site.complete', 'drop:terminal']],
    ['failed after complete', [obs('complete'), obs('failed')], ['site.complete', 'drop:terminal']],
    ['complete after failed', [obs('failed'), obs('complete')], ['site.failed', 'drop:terminal']],
    [
      'a type override',
      [obs('running', { kind: 'revision', phase: 'clarification_needed', message: 'Which page?', typeOverride: 'revision.clarification_needed' })],
      ['revision.clarification_needed'],
    ],
  ])('%s', (_name, observations, expected) => {
    expect(run(...observations).outcomes).toEqual(expected);
  });
});

describe('state tracker event data and state', () => {
  it('uses the provider time, else the observation time', () => {
    const withTime = decide(null, obs('complete', { providerTime: T(2) }), NOW);
    expect(withTime).toMatchObject({ emit: true, time: T(2), providerTime: Date.parse(T(2)) });
    const without = decide(null, obs('complete', { providerTime: 'not a time' }), NOW);
    expect(without).toMatchObject({ emit: true, time: new Date(NOW).toISOString(), providerTime: null });
  });

  it('carries url, site_id and usage over from an earlier event when a later observation lacks them', () => {
    const usage = { credits_charged: 3, tokens_in: 1, tokens_out: 2, cost_usd: 0.1 };
    const { state } = run(running('deploying', null, { url: 'https://a.example', siteId: 'site-9', usage }), obs('complete', { observedVia: 'poll' }));
    expect(state!.data).toMatchObject({
      status: 'complete',
      url: 'https://a.example',
      site_id: 'site-9',
      usage,
      observed_via: 'poll',
    });
  });

  it('prefers what the new observation says', () => {
    const { state } = run(running('deploying', null, { url: 'https://old.example', siteId: 'a' }), obs('complete', { url: 'https://new.example', siteId: 'b' }));
    expect(state!.data).toMatchObject({ url: 'https://new.example', site_id: 'b' });
  });

  it('fills every data field from the observation', () => {
    const o = obs('complete_with_warnings', {
      providerStatus: 'partial',
      warnings: [{ code: 'page_errored', severity: 'error', page: '/a', viewport: null, message: 'x', fix_prompt: null }],
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
      warnings: [{ code: 'page_errored', severity: 'error', page: '/a', viewport: null, message: 'x', fix_prompt: null }],
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
