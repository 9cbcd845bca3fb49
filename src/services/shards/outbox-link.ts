/**
 * A resource shard's link to the log (docs/scaling.md#resource-shards-built): after each commit the
 * outbox is sent at once (in the background, or awaited before a webhook is answered); what could
 * not be sent — the log unreachable, the shard evicted after its commit — is sent by the shard's
 * alarm, retried until the log takes it. A new instance's first alarm sends what a previous one left.
 */
import type { Logger } from '../../log';
import type { Store } from '../../storage/store';
import type { DueTask, Ticker } from '../ticker';
import { createOutboxForwarder, type SendToLog } from './outbox-forwarder';

export const OUTBOX_TASK = 'outbox';
/** How soon an outbox the log did not take is sent again. */
export const OUTBOX_RETRY_MS = 1_000;

export interface OutboxLinkDeps {
  store: Store;
  send: SendToLog;
  ticker: Pick<Ticker, 'wake'>;
  logger: Logger;
  now: () => number;
  /** Keeps a background send alive past the request or alarm that started it (a Durable Object's waitUntil). */
  background?: (p: Promise<unknown>) => void;
}

export function createOutboxLink(deps: OutboxLinkDeps) {
  const forwarder = createOutboxForwarder(deps.store, deps.send);
  const send = (): Promise<boolean> =>
    forwarder.flush().catch((err) => {
      deps.logger.warn('outbox not forwarded', { error: String(err) });
      return false;
    });

  const task: DueTask = {
    name: OUTBOX_TASK,
    async run(now) {
      return (await send()) ? null : now + OUTBOX_RETRY_MS;
    },
  };

  return {
    task,
    /** Sends what the outbox holds; what fails is left to the alarm. Never rejects. */
    forward(): Promise<void> {
      const sent = send().then((done) => {
        if (!done) deps.ticker.wake(OUTBOX_TASK, deps.now() + OUTBOX_RETRY_MS);
      });
      deps.background?.(sent);
      return sent;
    },
  };
}

export type OutboxLink = ReturnType<typeof createOutboxLink>;
