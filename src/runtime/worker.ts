/**
 * The Workers composition root. The Worker forwards every request to the
 * relay's Durable Object; the object is a thin shell around the same relay
 * and Hono app that Node serves (see relay-object.ts).
 */
import { objectNameFor } from './object-router';
import { createRelayObject, type ObjectState, type RelayObject } from './relay-object';

interface RelayNamespace {
  getByName(name: string): { fetch(request: Request): Promise<Response> };
}

export interface WorkerEnv {
  RELAY: RelayNamespace;
  [name: string]: unknown;
}

export default {
  fetch(request: Request, env: WorkerEnv): Promise<Response> {
    return env.RELAY.getByName(objectNameFor(request)).fetch(request);
  },
};

export class SitewireRelay {
  readonly object: RelayObject;

  constructor(ctx: ObjectState, env: WorkerEnv) {
    this.object = createRelayObject(ctx, env);
  }

  fetch(request: Request): Promise<Response> {
    return this.object.fetch(request);
  }

  alarm(): Promise<void> {
    return this.object.alarm();
  }
}
