/** The event that set a resource's current state: the first frame of a per-build stream. */
import { serializeEvent, type StoredEvent } from '../../core/event';
import type { ResourceState } from '../../core/state-tracker';
import { eventTypeFor } from '../../core/status';
import type { Relay } from '../../services/relay';

/** The stored event, or (when retention pruned it) the same event rebuilt from the state. */
export function snapshotEvent(relay: Relay, state: ResourceState): StoredEvent {
  const stored = relay.store.events.byId(state.lastEventId);
  if (stored) return stored;
  const e = {
    id: state.lastEventId,
    type: eventTypeFor(state.kind, state.status),
    subject: state.subject,
    provider: state.provider,
    time: new Date(state.providerTime ?? state.updatedAt).toISOString(),
    data: state.data,
  };
  return { ...e, seq: state.lastSeq, createdAt: state.updatedAt, json: serializeEvent(e, state.lastSeq) };
}
