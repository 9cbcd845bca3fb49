import { CLOSED } from '../../core/circuit';
import { NO_SETTINGS } from '../../storage/subscription-settings';
import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../../core/retry-policy';
import { silentLogger } from '../../log';
import { openNodeSqlite } from '../../storage/node-sqlite';
import { createStore } from '../../storage/store';
import type { AttemptReport } from './attempt';
import { recordOutcome } from './record-outcome';

const DAY = 86_400_000;
const T0 = Date.parse('2026-05-01T00:00:00.000Z');

function setup() {
  const store = createStore(openNodeSqlite(':memory:'));
  store.subscriptions.insert({
    id: 'sub_1',
    url: 'https://example.com/h',
    types: [],
    providers: [],
    resources: [],
    description: null,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    previousSecret: null,
    previousSecretUntil: null,
    enabled: true,
    disabledReason: null,
    failingSince: null,
    contentMode: 'json',
    settings: NO_SETTINGS,
    circuitState: CLOSED,
    alertedAt: null,
    createdAt: T0,
    updatedAt: T0,
  });
  let seq = 0;
  const queue = (at: number) => {
    const e = store.events.append(
      {
        id: `evt_${++seq}`,
        type: 'form.submitted',
        subject: `warpweb/site/s${seq}`,
        provider: 'warpweb',
        time: new Date(at).toISOString(),
        data: {} as never,
      },
      at,
    );
    store.deliveries.enqueue('sub_1', e, at);
    return store.deliveries.list('sub_1', undefined, null, 1)[0]!;
  };
  const attempt = (at: number, result: AttemptResult) => {
    const d = queue(at);
    const report: AttemptReport = {
      result,
      statusCode: result.kind === 'response' ? result.status : null,
      durationMs: 1,
      error: 'x',
      responseExcerpt: null,
    };
    return recordOutcome({ store, logger: silentLogger, retryScheduleMs: [1000] }, d, report, at, at);
  };
  return { store, attempt, sub: () => store.subscriptions.get('sub_1')! };
}

describe('recordOutcome', () => {
  it('disables a subscription whose deliveries have all failed for 5 days, not one with a success between', () => {
    const { attempt, sub } = setup();
    expect(attempt(T0, { kind: 'response', status: 500 }).kind).toBe('retry');
    expect(sub().failingSince).toBe(T0);
    expect(attempt(T0 + 3 * DAY, { kind: 'timeout' }).kind).toBe('retry');
    expect(attempt(T0 + 4 * DAY, { kind: 'response', status: 204 }).kind).toBe('delivered');
    expect(sub().failingSince).toBeNull();
    expect(attempt(T0 + 6 * DAY, { kind: 'network', message: 'refused' }).kind).toBe('retry');
    expect(attempt(T0 + 10 * DAY, { kind: 'network', message: 'refused' }).kind).toBe('retry');
    expect(sub()).toMatchObject({ enabled: true, failingSince: T0 + 6 * DAY });
    expect(attempt(T0 + 11 * DAY, { kind: 'response', status: 502 })).toEqual({
      kind: 'disabled',
      reason: 'every delivery has failed for 5 days',
    });
    expect(sub()).toMatchObject({
      enabled: false,
      disabledReason: 'every delivery has failed for 5 days',
      failingSince: null,
    });
  });

  it('logs every attempt on the row and marks a give-up dead', () => {
    const { store, attempt } = setup();
    expect(attempt(T0, { kind: 'response', status: 410 }).kind).toBe('disabled');
    const [d] = store.deliveries.list('sub_1', 'dead', null, 10);
    expect(d).toMatchObject({
      status: 'dead',
      attemptCount: 1,
      nextAttemptAt: null,
      lastError: 'x; subscription disabled: the receiver answered 410 Gone',
    });
    expect(d!.attempts).toEqual([
      {
        attempt: 1,
        at: T0,
        status_code: 410,
        duration_ms: 1,
        error: 'x; subscription disabled: the receiver answered 410 Gone',
        response_excerpt: null,
      },
    ]);
  });
});
