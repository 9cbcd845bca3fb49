/**
 * The Queue consumer's composition (Workers): the configured attempt timeout
 * and SSRF rule (Workers' DNS-free one), the global fetch, and the object
 * that owns the rows (today the one relay object) as the target of its RPCs.
 */
import { loadConfig } from '../config';
import { consumeDeliveries, type ConsumedMessage } from '../services/deliveries/queue-consumer';
import { createTargetGuard } from '../services/deliveries/target-guard';
import type { DeliveryOwner } from '../services/deliveries/queue-messages';
import { RELAY_OBJECT } from './object-router';

export interface ConsumerEnv {
  RELAY: { getByName(name: string): DeliveryOwner };
  [name: string]: unknown;
}

export async function consumeBatch(messages: readonly ConsumedMessage[], env: ConsumerEnv): Promise<void> {
  const config = loadConfig(env);
  // No resolver on Workers: IP literals and local names are judged (target-guard.ts).
  const guard = createTargetGuard({
    allowPrivate: config.allowPrivateTargets,
    resolveTimeoutMs: config.deliveryTimeoutMs,
  });
  await consumeDeliveries(messages, {
    owner: env.RELAY.getByName(RELAY_OBJECT),
    guard,
    timeoutMs: config.deliveryTimeoutMs,
    // Read through the global at each call, as the relay's own outbound is.
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
  });
}
