/** In-process fan-out of committed events to live listeners (SSE), on eventemitter3. */
import { EventEmitter } from 'eventemitter3';
import type { StoredEvent } from '../core/event';

export type EventListener = (event: StoredEvent) => void;

export function createHub() {
  const emitter = new EventEmitter<{ event: [StoredEvent] }>();
  return {
    /** Call only after the event's transaction has committed. */
    publish(event: StoredEvent): void {
      emitter.emit('event', event);
    },
    subscribe(listener: EventListener): () => void {
      emitter.on('event', listener);
      return () => void emitter.off('event', listener);
    },
    listenerCount: (): number => emitter.listenerCount('event'),
  };
}

export type Hub = ReturnType<typeof createHub>;
