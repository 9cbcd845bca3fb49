/**
 * A log object for the sharded-ingest tests: the relay object's `appendOutbox` over a named object's
 * own storage, built without the fan-out and Queue bindings, so its sequence (which starts at 1)
 * never reaches the fan-outs and delivery Queue the other test files share with the real relay.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createRelayObject, type RelayObject } from '../../src/runtime/relay-object';
import type { OutboxEntry } from '../../src/storage/outbox-store';

const inLog = <T>(name: string, fn: (log: RelayObject) => Promise<T> | T): Promise<T> =>
  runInDurableObject(env.RELAY.getByName(name), (_object, state) =>
    fn(createRelayObject(state, { ...env, FANOUT: undefined, DELIVERIES: undefined })),
  );

export const testLog = (name: string) => ({
  appendOutbox: (source: string, entries: OutboxEntry[]) => inLog(name, (log) => log.appendOutbox(source, entries)),
  eventsAfter: (after: number) => inLog(name, (log) => log.eventsAfter(after, {}, 500)),
  resource: (subject: string) => inLog(name, (log) => log.relay!.store.resources.get(subject)),
});
