import { describe, expect, it } from 'vitest';
import { emptyData } from '../../core/event';
import { subscriptionRow } from '../../storage/deliveries-fixtures';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import { createAttemptGate } from './attempt-gate';

const T = 1_000_000;

function setup(settings: Record<string, unknown>, circuitState?: Record<string, unknown>) {
  const db = openNodeSqlite(':memory:');
  const store = createStore(db);
  const row = subscriptionRow('sub_a');
  store.subscriptions.insert({
    ...row,
    settings: { ...row.settings, ...settings },
    circuitState: { ...row.circuitState, ...circuitState },
  });
  for (let i = 0; i < 6; i++) {
    const e = store.events.append(
      {
        id: `evt_${i}`,
        type: 'form.submitted',
        subject: `s${i}`,
        provider: 'warpweb',
        time: 'x',
        data: emptyData('warpweb', 'webhook'),
      },
      T,
    );
    store.deliveries.enqueue('sub_a', e, T);
  }
  const sub = () => store.subscriptions.get('sub_a')!;
  const due = (at: number) => store.deliveries.dueFor('sub_a', at, 10);
  return { db, store, sub, due };
}

describe('the attempt gate', () => {
  it('lets every due row go when no setting is on', () => {
    const { store, sub, due } = setup({});
    const gate = createAttemptGate({ store, leaseMs: () => 1000 });
    expect(gate.admit(sub(), due(T), T)).toHaveLength(6);
  });

  it('paces a rate limit evenly, holds the rest back until then, and keeps the budget across a restart', () => {
    const { store, sub, due } = setup({ rateLimit: { perSecond: 4 } });
    const gate = createAttemptGate({ store, leaseMs: () => 1000 });
    const first = gate.admit(sub(), due(T), T);
    expect(first).toHaveLength(1);
    for (const d of first) store.deliveries.claim(d.id, T, T + 1000);
    // The rest are due again exactly when the next start is allowed.
    expect(due(T + 249)).toEqual([]);
    expect(store.deliveries.nextDueAfter(T)).toBe(T + 250);
    // A new process (a new gate on the same database) does not start with a full budget.
    const restarted = createAttemptGate({ store, leaseMs: () => 1000 });
    expect(restarted.admit(sub(), store.deliveries.dueFor('sub_a', T + 100, 10), T + 100)).toEqual([]);
    expect(restarted.admit(sub(), due(T + 250), T + 250)).toHaveLength(1);
  });

  it('makes up a late start from 20/s up, never more than a tenth of a second at once', () => {
    const { store, sub, due } = setup({ rateLimit: { perSecond: 50 } });
    const gate = createAttemptGate({ store, leaseMs: () => 1000 });
    // Rested, or woken late: up to 5 (a tenth of 50) go at once, the rest wait for the pace.
    expect(gate.admit(sub(), due(T), T)).toHaveLength(5);
    expect(store.deliveries.nextDueAfter(T)).toBe(T + 20);
  });

  it('holds everything while the circuit is open, then lets exactly one probe go', () => {
    const { store, sub, due } = setup(
      { circuit: { failures: 2, cooldownS: 5 } },
      { consecutiveFailures: 2, openUntil: T + 5000 },
    );
    const gate = createAttemptGate({ store, leaseMs: () => 1000 });
    expect(gate.admit(sub(), due(T), T)).toEqual([]);
    expect(store.deliveries.nextDueAfter(T)).toBe(T + 5000);
    const probe = gate.admit(sub(), due(T + 5000), T + 5000);
    expect(probe).toHaveLength(1);
    expect(sub().circuitState.probeUntil).toBe(T + 6000);
    // While the probe runs, nothing else.
    expect(due(T + 5500)).toEqual([]);
    expect(gate.admit(sub(), store.deliveries.dueFor('sub_a', T + 6000, 10).slice(1), T + 5500)).toEqual([]);
  });
});
