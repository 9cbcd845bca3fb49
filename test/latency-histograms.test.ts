/**
 * The latency histograms on /metrics (docs/configuration.md#metrics): ingest-to-delivery
 * latency counts each successful delivery once, retries included, and poll durations count
 * each poll; both in Prometheus histogram form and kept in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { useProviders } from './helpers/providers';
import { startSink, type Sink } from './helpers/sink';
import { eventually, sendForm, subscribe } from './helpers/subscriptions';

const p = useProviders({ SITEWIRE_RETRY_SCHEDULE: '100ms' });
let sink: Sink;

beforeAll(async () => {
  let failed = false;
  // The first attempt fails: one delivery, two attempts, one latency observation.
  sink = await startSink(() => (failed ? { status: 204 } : ((failed = true), { status: 500 })));
  await subscribe(p.relay, { url: sink.url, types: ['form.submitted'] });
});
afterAll(() => sink.close());

const scrape = async () => parseExposition(await (await p.relay.api('/metrics')).text());

describe('latency histograms', () => {
  it('observe each successful delivery once, from its event being stored', async () => {
    await sendForm(p.relay, 'latency-site', 'Ann');
    await eventually(() => sink.received.length).toBe(2);
    await eventually(async () => sampleValue(await scrape(), 'sitewire_delivery_latency_seconds_count')).toBe(1);
    const m = await scrape();
    expect(m.get('sitewire_delivery_latency_seconds')?.type).toBe('histogram');
    expect(sampleValue(m, 'sitewire_delivery_latency_seconds_bucket', { le: '+Inf' })).toBe(1);
    // Two attempts 100 ms apart: never under 0.05 s.
    expect(sampleValue(m, 'sitewire_delivery_latency_seconds_bucket', { le: '0.05' })).toBe(0);
    expect(sampleValue(m, 'sitewire_delivery_latency_seconds_sum')).toBeGreaterThan(0.05);
  });

  it('observe each poll of a provider', async () => {
    const id = p.warpweb.addSite({ durationMs: 300, drop: true });
    await p.relay.api('/v1/watches', { method: 'POST', body: JSON.stringify({ provider: 'warpweb', id }) });
    await eventually(async () => (await p.watchOf(`warpweb/site/${id}`))?.state).toBe('done');
    const m = await scrape();
    const labels = { provider: 'warpweb' };
    const count = sampleValue(m, 'sitewire_provider_poll_duration_seconds_count', labels)!;
    expect(count).toBe((await p.watchOf(`warpweb/site/${id}`))!.polls);
    expect(sampleValue(m, 'sitewire_provider_poll_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(count);
  });
});
