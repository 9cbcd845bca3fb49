/**
 * `sitewire.gap` (docs/events.md#sitewiregap): a stream resumed from a position retention has
 * already pruned past is told so first, then gets everything retained. SSE only, never stored,
 * and without an SSE `id:` so the client's Last-Event-ID stays where it was.
 */
import { utf8 } from '../../core/bytes';
import { newId } from '../../core/ids';
import { formatSequence } from '../../core/sequence';
import type { Relay } from '../../services/relay';

/** The gap event's frame when events after `afterSeq` were pruned; none otherwise. */
export function gapFrames(relay: Relay, afterSeq: number | null): Uint8Array[] {
  if (afterSeq === null) return [];
  const last = relay.store.events.lastSeq();
  const oldest = relay.store.events.oldestSeq();
  // Nothing after afterSeq was ever assigned, or the next one is still there: no gap.
  if (afterSeq >= last || (oldest !== null && oldest <= afterSeq + 1)) return [];
  const now = relay.now();
  const event = {
    specversion: '1.0',
    id: newId('evt', now),
    source: 'sitewire/relay',
    type: 'sitewire.gap',
    subject: 'sitewire/stream',
    time: new Date(now).toISOString(),
    datacontenttype: 'application/json',
    data: {
      requested_after: formatSequence(afterSeq),
      oldest_available: oldest === null ? null : formatSequence(oldest),
    },
  };
  return [utf8(`event: sitewire.gap\ndata: ${JSON.stringify(event)}\n\n`)];
}
