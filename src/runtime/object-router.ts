/**
 * Which Durable Object serves a request. Today one object holds the whole
 * relay; every request goes through here, so sharding later (docs/scaling.md)
 * changes this function, not the routes.
 */
export const RELAY_OBJECT = 'relay';

export function objectNameFor(_request: Request): string {
  return RELAY_OBJECT;
}
