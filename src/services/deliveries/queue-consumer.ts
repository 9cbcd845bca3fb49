/**
 * A Queue consumer's batch of delivery attempts (Workers). For each message:
 * the body (inline, or fetched from the owning object when sent by
 * reference), the SSRF guard and the attempt (attempt.ts); every message is
 * acked, and every outcome goes back in ONE batched RPC. A duplicate or late
 * message costs at most one extra attempt: its outcome is stale at the object.
 */
import { sendSigned, type AttemptDeps } from './attempt';
import type { DeliveryMessage, DeliveryOutcome, DeliveryOwner } from './queue-messages';

/** Outbound connections in flight at once per consumer invocation (Workers allow six). */
export const MAX_CONNECTIONS = 6;

export interface ConsumedMessage {
  body: DeliveryMessage;
  ack(): void;
}

export interface ConsumerDeps extends AttemptDeps {
  owner: DeliveryOwner;
  now: () => number;
}

/** Runs `work` on each item, at most `limit` at a time. */
export async function withLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export async function consumeDeliveries(
  messages: readonly ConsumedMessage[],
  deps: ConsumerDeps,
): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  await withLimit(messages, MAX_CONNECTIONS, async (message) => {
    const m = message.body;
    try {
      const body = m.body ?? (await deps.owner.deliveryBody(m.id, m.lease));
      // null: the claim is stale (re-claimed or recorded), so nothing is sent.
      if (body === null) return;
      const startedAt = deps.now();
      const attemptDeps = m.timeoutMs ? { ...deps, timeoutMs: m.timeoutMs } : deps;
      const report = await sendSigned(attemptDeps, { url: m.url, headers: m.headers, body });
      outcomes.push({ id: m.id, lease: m.lease, report, startedAt, finishedAt: deps.now() });
    } catch {
      // The body could not be fetched: nothing was sent, and the claim's lease will expire.
    } finally {
      // Acked whatever happened: a retry is the row's schedule's decision, not the Queue's.
      message.ack();
    }
  });
  if (outcomes.length > 0) await deps.owner.deliveryOutcomes(outcomes);
  return outcomes;
}
