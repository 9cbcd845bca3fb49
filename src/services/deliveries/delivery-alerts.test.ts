import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/retry-policy';
import { subscriptionRow } from '../../storage/deliveries-fixtures';
import type { Delivery } from '../../storage/deliveries-store';
import { alertsFor, type AlertInput } from './delivery-alerts';

const T = Date.parse('2026-05-01T00:00:00.000Z');
const sub = subscriptionRow('sub_a');
const d = { id: 'dlv_1', eventId: 'evt_1', attemptCount: 2 } as Delivery;
const input = (o: Partial<AlertInput>): AlertInput => ({
  sub,
  d,
  outcome: { kind: 'retry', at: T },
  lastError: 'HTTP 500',
  circuit: null,
  failingSince: null,
  alertedAt: null,
  ...o,
});
const typesOf = (o: Partial<AlertInput>) => alertsFor(input(o)).map((e) => [e.type, e.data.reason ?? null]);
const dead: Outcome = { kind: 'dead', reason: 'gave up' };

describe('alertsFor: one event per transition', () => {
  it.each<[string, Partial<AlertInput>, (string | null)[][]]>([
    ['a retry: nothing', {}, []],
    ['a success while succeeding: nothing', { outcome: { kind: 'delivered' } }, []],
    ['a success after a blip: nothing', { outcome: { kind: 'delivered' }, failingSince: T }, []],
    ['an exhausted schedule', { outcome: dead }, [['delivery.dead', null]]],
    [
      'a 410',
      { outcome: { kind: 'disabled', reason: 'the receiver answered 410 Gone' } },
      [['subscription.disabled', 'the receiver answered 410 Gone']],
    ],
    [
      'the 5-day rule',
      { outcome: { kind: 'disabled', reason: 'every delivery has failed for 5 days' } },
      [['subscription.disabled', 'every delivery has failed for 5 days']],
    ],
    [
      'a success after an alert (a dead delivery, a disable)',
      { outcome: { kind: 'delivered' }, failingSince: T, alertedAt: T + 5 },
      [['subscription.recovered', null]],
    ],
    [
      'a probe that closes the circuit',
      { outcome: { kind: 'delivered' }, failingSince: T, circuit: 'closed' },
      [['subscription.recovered', null]],
    ],
  ])('%s', (_name, o, expected) => {
    expect(typesOf(o)).toEqual(expected);
  });

  it('an opened circuit says until when, and the delivery.dead names what died', () => {
    const open = { ...sub, circuitState: { consecutiveFailures: 3, openUntil: T + 60_000, probeUntil: null } };
    const [disabled] = alertsFor(input({ sub: open, circuit: 'opened' }));
    expect(disabled!.data.reason).toBe(
      'circuit open after 3 consecutive failed attempts, paused until 2026-05-01T00:01:00.000Z',
    );
    const [deadEvent] = alertsFor(input({ outcome: dead }));
    expect(deadEvent).toMatchObject({
      subject: 'sitewire/delivery/dlv_1',
      data: { subscription_id: 'sub_a', delivery_id: 'dlv_1', event_id: 'evt_1', attempts: 3, last_error: 'HTTP 500' },
    });
  });
});
