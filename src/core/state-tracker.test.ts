/** docs/events.md#one-truth-per-transition as a table: which observation, after which state, makes which event. */
import { describe, expect, it } from 'vitest';
import type { Observation } from './observation';
import { obs, run, running, T } from './state-tracker-fixtures';

describe('state tracker decisions', () => {
  it.each<[string, Observation[], string[]]>([
    ['first queued', [obs('queued')], ['site.queued']],
    ['first running', [running('researching')], ['site.progress']],
    ['first complete', [obs('complete')], ['site.complete']],
    ['first complete_with_warnings', [obs('complete_with_warnings')], ['site.complete']],
    ['first failed', [obs('failed')], ['site.failed']],
    [
      'the same running transition by webhook then poll',
      [
        running('research_review', 'Ready', { observedVia: 'webhook' }),
        running('research_review', 'Ready', { observedVia: 'poll' }),
      ],
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
    [
      'queued -> running -> complete',
      [obs('queued'), running('generating'), obs('complete')],
      ['site.queued', 'site.progress', 'site.complete'],
    ],
    ['a phase change', [running('researching'), running('generating')], ['site.progress', 'site.progress']],
    [
      'a message change',
      [running('generating', '2 of 5 pages'), running('generating', '3 of 5 pages')],
      ['site.progress', 'site.progress'],
    ],
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
      [
        obs('running', {
          kind: 'revision',
          phase: 'clarification_needed',
          message: 'Which page?',
          typeOverride: 'revision.clarification_needed',
        }),
      ],
      ['revision.clarification_needed'],
    ],
  ])('%s', (_name, observations, expected) => {
    expect(run(...observations).outcomes).toEqual(expected);
  });
});
