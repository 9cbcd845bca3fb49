import { describe, expect, it } from 'vitest';
import { featuresOf } from './features';

describe('dashboard features', () => {
  it('are none on a relay without the watch and subscription APIs', () => {
    expect(
      featuresOf([
        { method: 'GET', path: '/v1/events' },
        { method: 'ALL', path: '/v1/*' },
      ]),
    ).toEqual([]);
  });

  it('are read from the routes whatever their parameter names', () => {
    const routes = [
      { method: 'GET', path: '/v1/watches' },
      { method: 'GET', path: '/v1/resources/:provider/:kind/:id' },
      { method: 'GET', path: '/v1/subscriptions' },
      { method: 'GET', path: '/v1/subscriptions/:subscriptionId/deliveries' },
      { method: 'POST', path: '/v1/subscriptions/:id/test' },
      { method: 'POST', path: '/v1/deliveries/:deliveryId/retry' },
    ];
    expect(featuresOf(routes)).toEqual(['watches', 'resources', 'subscriptions', 'deliveries', 'test-event', 'retry']);
    expect(featuresOf([{ method: 'POST', path: '/v1/watches' }])).toEqual([]);
  });
});
