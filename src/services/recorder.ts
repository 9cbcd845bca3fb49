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
import { newTraceparent } from '../core/traceparent';
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
  /** Events appended from now on carry this trace context (default: one new trace per transaction). */
  trace(traceparent: string): void;
}

export interface RecorderDeps {
  store: Store;
  now: () => number;
  pipeline: EventPipeline;
  /** Default: the log (`logSink`). */
  sink?: AppendSink;
}

type StateAt = ((seq: number) => ResourceState) | null;

export function createRecorder({ store, now, pipeline, sink = logSink(store, pipeline) }: RecorderDeps) {
  /** The watch's metadata on every event of its build, so receivers route by their own keys (docs/events.md#the-event). */
  const withMetadata = (data: EventData, subject: string): EventData => ({
    ...data,
    metadata: store.watches.bySubject(subject)?.metadata ?? null,
  });

  return {
    /** Runs fn in one transaction; returns its result and the events it appended, published once committed. */
    write<T>(fn: (w: Writer) => T): { result: T; events: StoredEvent[] } {
      const at = now();
      let written: StoredEvent[] = [];
      const result = store.transaction(() => {
        // A retried transaction starts over with nothing appended.
        const appended: StoredEvent[] = [];
        written = appended;
        let traceparent: string | undefined;
        const toSink = (e: NewEvent, stateAt: StateAt) => {
          const stored = sink(e, at, stateAt);
          appended.push(stored);
          return stored;
        };
        const append = (e: Omit<NewEvent, 'traceparent'>, stateAt: StateAt = null) => {
          traceparent ??= newTraceparent();
          return toSink({ ...e, traceparent }, stateAt);
        };
        return fn({
          now: at,
          appended,
          trace(t) {
            traceparent = t;
          },
          observe(obs) {
            const subject = subjectOf(obs.provider, obs.kind, obs.resourceId);
            const prev = store.resources.get(subject) ?? null;
            const decision = decide(prev, obs, at);
            if (!decision.emit) return decision.reason;
            const id = newId('evt', at);
            const { type, time } = decision;
            const data = withMetadata(decision.data, subject);
            const stateAt = (seq: number) => nextState(prev, obs, { ...decision, data }, seq, id, subject, at);
            return append({ id, type, subject, provider: obs.provider, time, data }, stateAt);
          },
          emit(s) {
            const parsed = s.time ? Date.parse(s.time) : NaN;
            const time = new Date(Number.isFinite(parsed) ? parsed : at).toISOString();
            const { type, subject, provider, source } = s;
            const data = s.data.metadata === undefined ? withMetadata(s.data, subject) : s.data;
            return append({ id: newId('evt', at), type, subject, provider, time, data, source });
          },
          append(e, state) {
            // Decided on a shard: its id, trace context and data are kept as they are.
            return toSink(e, state && ((seq: number) => ({ ...state, lastSeq: seq, lastEventId: e.id })));
          },
        });
      });
      for (const e of written) for (const publish of pipeline.afterCommit) publish(e);
      return { result, events: written };
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
