/**
 * The one way events come into being: observations go through the state
 * tracker, events are appended with their side rows (hooks run in the same
 * transaction, e.g. deliveries), and only after commit are they published.
 */
import { subjectOf, type NewEvent, type StoredEvent } from '../core/event';
import { newId } from '../core/ids';
import type { EventSignal, Observation } from '../core/observation';
import { decide, nextState, type DropReason } from '../core/state-tracker';
import type { Store } from '../storage/store';
import type { Hub } from './hub';

/** Runs inside the transaction that appended the event; `source` is what was appended (its data unserialized). */
export type AppendHook = (event: StoredEvent, now: number, source: NewEvent) => void;

export interface Writer {
  now: number;
  /** Applies an observation; returns the event it caused, or why it was dropped. */
  observe(obs: Observation): StoredEvent | DropReason;
  /** Appends an event that does not describe resource state. */
  emit(signal: Omit<EventSignal, 'signal'>): StoredEvent;
}

export interface RecorderDeps {
  store: Store;
  hub: Hub;
  now: () => number;
}

export function createRecorder({ store, hub, now }: RecorderDeps) {
  const hooks: AppendHook[] = [];

  function append(e: NewEvent, at: number, written: StoredEvent[]): StoredEvent {
    const stored = store.events.append(e, at);
    for (const hook of hooks) hook(stored, at, e);
    written.push(stored);
    return stored;
  }

  return {
    /** Registers a hook run for every appended event, inside its transaction. */
    onAppend(hook: AppendHook): void {
      hooks.push(hook);
    },

    /** Runs fn in one transaction; publishes what it appended once committed. */
    write<T>(fn: (w: Writer) => T): { result: T; events: StoredEvent[] } {
      const at = now();
      const written: StoredEvent[] = [];
      const writer: Writer = {
        now: at,
        observe(obs) {
          const subject = subjectOf(obs.provider, obs.kind, obs.resourceId);
          const prev = store.resources.get(subject) ?? null;
          const decision = decide(prev, obs, at);
          if (!decision.emit) return decision.reason;
          const id = newId('evt', at);
          const stored = append(
            { id, type: decision.type, subject, provider: obs.provider, time: decision.time, data: decision.data },
            at,
            written,
          );
          store.resources.put(nextState(prev, obs, decision, stored.seq, id, subject, at));
          return stored;
        },
        emit(s) {
          const parsed = s.time ? Date.parse(s.time) : NaN;
          const time = new Date(Number.isFinite(parsed) ? parsed : at).toISOString();
          return append({ id: newId('evt', at), type: s.type, subject: s.subject, provider: s.provider, time, data: s.data }, at, written);
        },
      };
      const result = store.transaction(() => {
        written.length = 0;
        return fn(writer);
      });
      for (const e of written) hub.publish(e);
      return { result, events: written };
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
