/** Hono context variables shared by the middleware and routes. */
import type { EventFilter } from '../core/filter';
import type { OpenSink } from './sse/sink';

export interface AppEnv {
  Variables: {
    /** null = admin (everything); a filter = a stream token's scope. */
    scope: EventFilter | null;
    /** When a stream opened with a stream token must end (its expiry); null = no end. */
    scopeEndsAt: number | null;
    /** The runtime's own SSE sink for this request, when it has one (Node); else SSE uses a Web stream. */
    openSink: OpenSink | undefined;
    /** The WWW-Authenticate challenge a 401 on this request carries; default: the bearer one of /v1. */
    challenge: string | undefined;
  };
}
