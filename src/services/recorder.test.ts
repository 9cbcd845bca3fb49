/** The recorder over a real in-memory SQLite store: the pipeline's steps, their order, commit and publish. */
import { describe, expect, it } from 'vitest';
import { emptyData, type StoredEvent } from '../core/event';
import { blankObservation, type Observation } from '../core/observation';
import { openNodeSqlite } from '../storage/node-sqlite';
import { createStore } from '../storage/store';
import { createRecorder, type AppendedEvent } from './recorder';

const NOW = Date.parse('2026-05-18T12:00:00.000Z');

const running = (id: string, phase: string | null = null): Observation => ({
  ...blankObservation({
    provider: 'warpweb',
    kind: 'site',
    resourceId: id,
    status: 'running',
    providerStatus: 'building',
    observedVia: 'poll',
  }),
  phase,
});

function setup(opts: { failOn?: string } = {}) {
  const store = createStore(openNodeSqlite(':memory:'));
  const log: string[] = [];
  const seen: AppendedEvent[] = [];
  const published: { seq: number; stored: boolean }[] = [];
  const recorder = createRecorder({
    store,
    now: () => NOW,
    pipeline: {
      inTransaction: [
        (e, at) => {
          log.push(`first ${e.seq} at ${at}`);
          seen.push(e);
        },
        (e) => {
          if (e.subject === opts.failOn) throw new Error('step failed');
          log.push(`second ${e.seq}`);
        },
      ],
      afterCommit: [(e: StoredEvent) => published.push({ seq: e.seq, stored: store.events.byId(e.id) !== undefined })],
    },
  });
  return { store, recorder, log, seen, published };
}

describe('recorder.write', () => {
  it('runs every step for each event in order, returns the events and publishes them after commit', () => {
    const { recorder, log, published } = setup();
    const { result, events } = recorder.write((w) => {
      w.observe(running('a'));
      const data = emptyData('warpweb', 'webhook');
      w.emit({ type: 'form.submitted', subject: 'warpweb/site/a', provider: 'warpweb', time: null, data });
      return 'done';
    });
    expect(result).toBe('done');
    expect(events.map((e) => [e.seq, e.type, e.subject])).toEqual([
      [1, 'site.progress', 'warpweb/site/a'],
      [2, 'form.submitted', 'warpweb/site/a'],
    ]);
    expect(log).toEqual([`first 1 at ${NOW}`, 'second 1', `first 2 at ${NOW}`, 'second 2']);
    expect(published).toEqual([
      { seq: 1, stored: true },
      { seq: 2, stored: true },
    ]);
  });

  it('hands steps the event data as an object, equal to what is stored', () => {
    const { recorder, seen } = setup();
    recorder.write((w) => w.observe(running('a', 'deploying')));
    expect(seen).toHaveLength(1);
    const stored = JSON.parse(seen[0]!.json) as { data: unknown };
    expect(seen[0]!.data).toEqual(stored.data);
    expect(seen[0]!.data).toMatchObject({ status: 'running', phase: 'deploying', observed_via: 'poll' });
  });

  it('lists what was appended so far in the transaction', () => {
    const { recorder } = setup();
    const { result } = recorder.write((w) => {
      const before = w.appended.length;
      w.observe(running('a'));
      w.observe(running('b'));
      return { before, after: w.appended.map((e) => e.subject) };
    });
    expect(result).toEqual({ before: 0, after: ['warpweb/site/a', 'warpweb/site/b'] });
  });

  it('runs no step for an observation the state tracker drops', () => {
    const { recorder, log } = setup();
    recorder.write((w) => w.observe(running('a')));
    log.length = 0;
    const { result, events } = recorder.write((w) => w.observe(running('a')));
    expect(result).toBe('unchanged');
    expect(events).toEqual([]);
    expect(log).toEqual([]);
  });

  it('a failing step rolls the whole write back: nothing stored, nothing published', () => {
    const { store, recorder, published } = setup({ failOn: 'warpweb/site/b' });
    expect(() =>
      recorder.write((w) => {
        w.observe(running('a'));
        w.observe(running('b'));
      }),
    ).toThrow('step failed');
    expect(store.events.lastSeq()).toBe(0);
    expect(store.resources.get('warpweb/site/a')).toBeUndefined();
    expect(published).toEqual([]);
  });
});
