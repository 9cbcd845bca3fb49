/** Hono context variables shared by the middleware and routes. */
import type { EventFilter } from '../core/filter';

export interface AppEnv {
  Variables: {
    /** null = admin (everything); a filter = a stream token's scope. */
    scope: EventFilter | null;
    /** Breaks this request's connection, when the runtime offers it (Node); SSE cut-offs use it. */
    destroyConnection: (() => void) | undefined;
  };
}
