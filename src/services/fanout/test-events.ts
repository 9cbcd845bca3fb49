/** A stored event of the fan-out tests: only its sequence (and, for size limits, its JSON) matters. */
import type { StoredEvent } from '../../core/event';

export const storedEvent = (seq: number, json = '{}'): StoredEvent => ({
  seq,
  id: `evt_${seq}`,
  type: 'site.progress',
  subject: 'warpweb/site/a',
  provider: 'warpweb',
  time: '2026-01-01T00:00:00.000Z',
  createdAt: 0,
  json,
});
