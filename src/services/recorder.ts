/**
 * The one way events come into being: observations go through the state
 * tracker, events are appended and the pipeline's steps run for each in the
 * same transaction (see relay.ts for the list); only after commit are they
 * published.
 */
import { subjectOf, type EventData, type NewEvent, type StoredEvent } from '../core/event';
import { newId } from '../core/ids';
import type { EventSignal, Observation } from '../core/observation';
import { decide, nextState, type DropReason, type ResourceState } from '../core/state-tracker';
import type { Store } from '../storage/store';

/** An event just appended: as stored, with its data as an object (nothing to re-parse). */
export interface AppendedEvent extends StoredEvent {
  data: EventData;
}

/** One step of the per-event pipeline, run inside the transaction that appended the event. */
export type AppendStep = (event: AppendedEvent, now: number) => void;

/** What every appended event goes through, in order. */
export interface EventPipeline {
  /** In the appending transaction, in this order, for each event in append order. */
  inTransaction: readonly AppendStep[];
  /** Once the transaction has committed, for each event in append order. */
  afterCommit: readonly ((event: StoredEvent) => void)[];
}

/**
 * Where a decided event goes, in the writing transaction: the log (appended, sequenced, through the
 * pipeline: `logSink`), or a resource shard's outbox (shards/outbox-sink.ts). `stateAt` is the
 * subject's state after the event, given the position the sink assigned it.
 */
export type AppendSink = (e: NewEvent, at: number, stateAt: ((seq: number) => ResourceState) | null) => StoredEvent;

export function logSink(store: Store, pipeline: EventPipeline): AppendSink {
  return (e, at, stateAt) => {
    const stored = store.events.append(e, at);
    const event: AppendedEvent = { ...stored, data: e.data };
    for (const step of pipeline.inTransaction) step(event, at);
    if (stateAt) store.resources.put(stateAt(stored.seq));
    return stored;
  };
}

export interface Writer {
  now: number;
  /** Applies an observation; returns the event it caused, or why it was dropped. */
  observe(obs: Observation): StoredEvent | DropReason;
  /** Appends an event that does not describe resource state. */
  emit(signal: Omit<EventSignal, 'signal'> & { source?: string }): StoredEvent;
  /** Appends an event decided elsewhere (a shard's outbox), with the subject's state after it, if any. */
  append(e: NewEvent, state: ResourceState | null): StoredEvent;
  /** The events appended so far in this transaction, in order. */
  readonly appended: readonly StoredEvent[];
}

export interface RecorderDeps {
  store: Store;
  now: () => number;
  pipeline: EventPipeline;
  /** Default: the log (`logSink`). */
  sink?: AppendSink;
}

export function createRecorder({ store, now, pipeline, sink = logSink(store, pipeline) }: RecorderDeps) {
  function append(
    e: NewEvent,
    at: number,
    written: StoredEvent[],
    stateAt: ((seq: number) => ResourceState) | null = null,
  ): StoredEvent {
    const stored = sink(e, at, stateAt);
    written.push(stored);
    return stored;
  }

  return {
    /** Runs fn in one transaction; returns its result and the events it appended, published once committed. */
    write<T>(fn: (w: Writer) => T): { result: T; events: StoredEvent[] } {
      const at = now();
      let written: StoredEvent[] = [];
      const result = store.transaction(() => {
        // A retried transaction starts over with nothing appended.
        const appended: StoredEvent[] = [];
        written = appended;
        return fn({
          now: at,
          appended,
          observe(obs) {
            const subject = subjectOf(obs.provider, obs.kind, obs.resourceId);
            const prev = store.resources.get(subject) ?? null;
            const decision = decide(prev, obs, at);
            if (!decision.emit) return decision.reason;
            const id = newId('evt', at);
            const { type, time, data } = decision;
            const stateAt = (seq: number) => nextState(prev, obs, decision, seq, id, subject, at);
            return append({ id, type, subject, provider: obs.provider, time, data }, at, appended, stateAt);
          },
          emit(s) {
            const parsed = s.time ? Date.parse(s.time) : NaN;
            const time = new Date(Number.isFinite(parsed) ? parsed : at).toISOString();
            const { type, subject, provider, data, source } = s;
            return append({ id: newId('evt', at), type, subject, provider, time, data, source }, at, appended);
          },
          append(e, state) {
            const stateAt = state && ((seq: number) => ({ ...state, lastSeq: seq, lastEventId: e.id }));
            return append(e, at, appended, stateAt);
          },
        });
      });
      for (const e of written) for (const publish of pipeline.afterCommit) publish(e);
      return { result, events: written };
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
