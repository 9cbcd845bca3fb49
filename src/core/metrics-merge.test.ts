import { describe, expect, it } from 'vitest';
import { mergeExpositions } from './metrics-merge';

const log = `# HELP sitewire_events_total Events appended.
# TYPE sitewire_events_total counter
sitewire_events_total{provider="warpweb"} 5
# HELP sitewire_info Build info.
# TYPE sitewire_info gauge
sitewire_info{version="1.0.0"} 1
# HELP sitewire_webhook_last_received_timestamp_seconds Last webhook.
# TYPE sitewire_webhook_last_received_timestamp_seconds gauge
sitewire_webhook_last_received_timestamp_seconds{provider="lindo"} 100
`;
const shard = `# HELP sitewire_info Build info.
# TYPE sitewire_info gauge
sitewire_info{version="1.0.0"} 1
# HELP sitewire_watches Watches by state.
# TYPE sitewire_watches gauge
sitewire_watches{state="active"} 2
# HELP sitewire_poll_duration_seconds Poll durations.
# TYPE sitewire_poll_duration_seconds histogram
sitewire_poll_duration_seconds_bucket{le="0.5"} 3
sitewire_poll_duration_seconds_sum 0.25
sitewire_poll_duration_seconds_count 3
# HELP sitewire_webhook_last_received_timestamp_seconds Last webhook.
# TYPE sitewire_webhook_last_received_timestamp_seconds gauge
sitewire_webhook_last_received_timestamp_seconds{provider="lindo"} 250
`;

describe('mergeExpositions', () => {
  it('adds counters, gauges and histograms up, takes the largest time, keeps each family once', () => {
    const other = shard
      .replace('} 2', '} 3')
      .replace('} 3\nsitewire_poll_duration_seconds_sum 0.25', '} 1\nsitewire_poll_duration_seconds_sum 0.5');
    expect(mergeExpositions([log, shard, other])).toBe(`# HELP sitewire_events_total Events appended.
# TYPE sitewire_events_total counter
sitewire_events_total{provider="warpweb"} 5
# HELP sitewire_info Build info.
# TYPE sitewire_info gauge
sitewire_info{version="1.0.0"} 1
# HELP sitewire_webhook_last_received_timestamp_seconds Last webhook.
# TYPE sitewire_webhook_last_received_timestamp_seconds gauge
sitewire_webhook_last_received_timestamp_seconds{provider="lindo"} 250
# HELP sitewire_watches Watches by state.
# TYPE sitewire_watches gauge
sitewire_watches{state="active"} 5
# HELP sitewire_poll_duration_seconds Poll durations.
# TYPE sitewire_poll_duration_seconds histogram
sitewire_poll_duration_seconds_bucket{le="0.5"} 4
sitewire_poll_duration_seconds_sum 0.75
sitewire_poll_duration_seconds_count 6
`);
  });

  it('answers one exposition unchanged, and nothing for nothing', () => {
    expect(mergeExpositions([log])).toBe(log);
    expect(mergeExpositions([])).toBe('');
  });
});
