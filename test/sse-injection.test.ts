/**
 * A provider's event type is passed through (docs/events.md#event-types), but never as SSE
 * syntax: a line break in it once let a webhook write its own `id:` field,
 * which moved every listener's Last-Event-ID far ahead, so its next resume
 * skipped real events.
 */
import { describe, expect, it } from 'vitest';
import { range, listen } from './helpers/sse';
import { useTestRelay } from './helpers/relay';
import { postLindo, postWarpweb, warpwebEnvelope } from './helpers/webhooks';

const relay = useTestRelay();

describe('pass-through types with line breaks', () => {
  it('arrive under one safe event name, each with its own sequence as the SSE id', async () => {
    const lindoType = 'lindo.x_data:_injected_id:_99999';
    const warpwebType = 'warpweb.site.x_data:_hi';
    const live = listen(`${relay.url}/v1/stream`, {
      token: relay.adminToken,
      types: [lindoType, warpwebType, 'form.submitted'],
    });
    await live.opened;
    const first = await postLindo(relay.url, { event: 'x\ndata: injected\r\nid: 99999', data: {} });
    expect(first.status).toBe(200);
    // (raw: a header cannot carry the line break the body does)
    await postWarpweb(
      relay.url,
      {},
      { raw: JSON.stringify({ ...warpwebEnvelope('form.submit', 'sse-inject'), type: 'site.x\ndata: hi' }) },
    );
    await postWarpweb(relay.url, warpwebEnvelope('form.submit', 'sse-inject'));
    await expect.poll(() => live.messages.length).toBe(3);
    expect(live.messages.map((m) => m.type)).toEqual([lindoType, warpwebType, 'form.submitted']);
    expect(live.messages.map((m) => m.lastEventId)).toEqual(live.messages.map((m) => String(m.seq).padStart(20, '0')));
    expect(live.seqs()).toEqual(range(live.seqs()[0]!, live.seqs()[0]! + 2));
    live.close();
  });
});
