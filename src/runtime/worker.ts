/**
 * The Workers composition root. The Worker forwards every request to the
 * relay's Durable Object; the object is a thin shell around the same relay
 * and Hono app that Node serves (see relay-object.ts). With a `DELIVERIES`
 * Queue, the Worker is also its consumer: delivery attempts run here
 * (services/deliveries/queue-consumer.ts), outcomes go back to the object.
 */
import { DurableObject } from 'cloudflare:workers';
import type { MessageBatch } from '@cloudflare/workers-types';
import type { DeliveryMessage, DeliveryOutcome } from '../services/deliveries/queue-messages';
import { consumeBatch } from './delivery-consumer';
import { objectNameFor } from './object-router';
import { createRelayObject, type ObjectState, type RelayObject } from './relay-object';

export interface RelayStub {
  fetch(request: Request): Promise<Response>;
  deliveryBody(id: string, lease: number): Promise<string | null>;
  deliveryOutcomes(outcomes: DeliveryOutcome[]): Promise<void>;
}

interface RelayNamespace {
  getByName(name: string): RelayStub;
}

export interface WorkerEnv {
  RELAY: RelayNamespace;
  [name: string]: unknown;
}

export default {
  fetch(request: Request, env: WorkerEnv): Promise<Response> {
    return env.RELAY.getByName(objectNameFor(request)).fetch(request);
  },

  queue(batch: MessageBatch<DeliveryMessage>, env: WorkerEnv): Promise<void> {
    return consumeBatch(batch.messages, env);
  },
};

export class SitewireRelay extends DurableObject {
  readonly object: RelayObject;

  constructor(ctx: ObjectState, env: WorkerEnv) {
    super(ctx as never, env as never);
    this.object = createRelayObject(ctx, env);
  }

  override fetch(request: Request): Promise<Response> {
    return this.object.fetch(request);
  }

  override alarm(): Promise<void> {
    return this.object.alarm();
  }

  deliveryBody(id: string, lease: number): Promise<string | null> {
    return this.object.deliveryBody(id, lease);
  }

  deliveryOutcomes(outcomes: DeliveryOutcome[]): Promise<void> {
    return this.object.deliveryOutcomes(outcomes);
  }
}
