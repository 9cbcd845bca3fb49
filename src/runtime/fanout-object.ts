/**
 * What a fan-out Durable Object is made of (docs/scaling.md#sse-on-fan-out-objects-built):
 * the SSE listeners of the streams routed to it, a hub fed by the relay's
 * batches (services/fanout/fanout.ts), and the relay object as the log.
 * A stream request goes on to the relay, which checks it exactly as on Node
 * (auth, stream token scope, the build's state, 204 after the terminal event)
 * and answers with the stream's plan; the stream itself then lives here,
 * replaying its pages from the relay by RPC before it goes live.
 */
import { loadConfig, type Config } from '../config';
import { AppError } from '../core/errors';
import type { StoredEvent } from '../core/event';
import type { EventFilter } from '../core/filter';
import { plainErrorResponse } from '../http/errors';
import type { StreamSource } from '../http/sse/event-stream';
import { planFrames, readPlan, type StreamPlan } from '../http/sse/hand-off';
import { createSseRegistry, type SseRegistry } from '../http/sse/registry';
import { openSse } from '../http/sse/respond';
import { createLogger, type Logger } from '../log';
import { createFanout, type Fanout, type LogReader } from '../services/fanout/fanout';
import { RELAY_OBJECT } from './object-router';

/** The relay object as a fan-out sees it (its RPCs in worker.ts). */
export interface RelayLog {
  fetch(request: Request): Promise<Response>;
  lastSeq(): Promise<number>;
  eventsAfter(afterSeq: number, filter: EventFilter, limit: number): Promise<StoredEvent[]>;
}

export interface FanoutEnv {
  RELAY: { getByName(name: string): RelayLog };
  [name: string]: unknown;
}

export interface FanoutObject {
  /** Undefined when the configuration is invalid (requests then go to the relay, which answers 503). */
  fanout: Fanout | undefined;
  sse: SseRegistry | undefined;
  fetch(request: Request): Promise<Response>;
  /** The relay's RPC: one batch of committed events, in sequence order. */
  publish(events: StoredEvent[]): Promise<void>;
  /** The Worker's /metrics: how many SSE streams this object holds. */
  clients(): Promise<number>;
}

export function createFanoutObject(env: FanoutEnv): FanoutObject {
  // A fresh stub per call: a stub whose call failed may stay broken.
  const relay = (): RelayLog => env.RELAY.getByName(RELAY_OBJECT);
  let config: Config;
  try {
    config = loadConfig(env);
  } catch {
    return {
      fanout: undefined,
      sse: undefined,
      fetch: (r) => relay().fetch(r),
      publish: async () => {},
      clients: async () => 0,
    };
  }
  const logger = createLogger(config.logLevel);
  const log = (): LogReader => {
    const r = relay();
    return { lastSeq: () => r.lastSeq(), after: (afterSeq, filter, limit) => r.eventsAfter(afterSeq, filter, limit) };
  };
  const fanout = createFanout({ log, logger });
  const sse = createSseRegistry({
    heartbeatMs: config.sseHeartbeatMs,
    maxBufferBytes: config.sseMaxBufferBytes,
    logger,
  });
  return {
    fanout,
    sse,
    async fetch(request) {
      // Before anything is read for a stream: see createFanout's ready().
      try {
        await fanout.ready();
      } catch (err) {
        logger.error('fan-out cannot reach the relay', { error: String(err) });
        return plainErrorResponse(new AppError('unavailable', 'The relay cannot be reached; retry shortly.'));
      }
      const answer = await relay().fetch(request);
      const plan = await readPlan(answer);
      if (!plan) return answer;
      // Always a replay, from the client's Last-Event-ID or from where the relay stood: what this
      // fan-out published before the stream subscribed is read from the log, never missed.
      const opts = { ...plan.opts, afterSeq: plan.opts.afterSeq ?? plan.lastSeq };
      return openSse(streamSource(plan, fanout, log, logger), sse, opts, planFrames(plan));
    },
    publish: (events) => fanout.publish(events),
    clients: async () => sse.size,
  };
}

function streamSource(plan: StreamPlan, fanout: Fanout, log: () => LogReader, logger: Logger): StreamSource {
  return {
    now: () => Date.now(),
    logger,
    hub: fanout.hub,
    store: {
      events: {
        // An id past the relay's newest when the route ran is from another database: replay nothing.
        lastSeq: () => plan.lastSeq,
        after: (afterSeq, filter, limit) => log().after(afterSeq, filter, limit),
      },
    },
  };
}
