/** A watched Warpweb site built to its end on the virtual providers, and the watch actions on it. */
import { expect } from 'vitest';
import type { VirtualProviders } from './virtual-providers';

export async function builtSite(v: VirtualProviders, script: Parameters<VirtualProviders['warpweb']['addSite']>[0]) {
  const id = v.warpweb.addSite(script);
  const res = await v.relay.api('/v1/watches', {
    method: 'POST',
    body: JSON.stringify({ provider: 'warpweb', id, metadata: { customer: 'c-42' } }),
  });
  expect(res.status).toBe(201);
  const watch = await v.settle(`warpweb/site/${id}`);
  return { id, watch: watch! };
}

export const watchAction = (v: VirtualProviders, watchId: string, action: 'revisions' | 'refresh', body?: unknown) =>
  v.relay.api(`/v1/watches/${watchId}/${action}`, {
    method: 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
