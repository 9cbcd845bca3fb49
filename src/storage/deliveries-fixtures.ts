/** Fixtures of the deliveries storage contract (deliveries.contract.ts) and of the delivery services' tests. */
import { CLOSED } from '../core/circuit';
import { NO_SETTINGS } from './subscription-settings';
import { emptyData } from '../core/event';
import type { AttemptRecord } from './deliveries-store';
import type { SqlDb, SqlValue } from './sql';
import { createStore } from './store';

export const T = 1_000_000;

export const subscriptionRow = (id: string, at = T) => ({
  id,
  url: 'https://example.com/h',
  types: [] as string[],
  providers: [] as string[],
  resources: [] as string[],
  description: null,
  secret: 'whsec_x',
  previousSecret: null,
  previousSecretUntil: null,
  enabled: true,
  disabledReason: null,
  failingSince: null,
  contentMode: 'json' as const,
  settings: NO_SETTINGS,
  circuitState: CLOSED,
  alertedAt: null as number | null,
  createdAt: at,
  updatedAt: at,
});

export function setup(db: SqlDb) {
  const store = createStore(db);
  for (const id of ['sub_a', 'sub_b']) store.subscriptions.insert(subscriptionRow(id));
  let n = 0;
  const event = (subject: string, at = T) =>
    store.events.append(
      {
        id: `evt_${++n}`,
        type: 'form.submitted',
        subject,
        provider: 'warpweb',
        time: 'x',
        data: emptyData('warpweb', 'webhook'),
      },
      at,
    );
  // Which rows may go now, in any order.
  const due = (sub: string, at = T) =>
    store.deliveries
      .dueFor(sub, at, 100)
      .map((d) => `${d.subject}#${d.eventSeq}`)
      .sort();
  const record = (at: number, attempt = 1): AttemptRecord => ({
    attempt,
    at,
    status_code: 200,
    duration_ms: 1,
    error: null,
    response_excerpt: null,
  });
  const finish = (
    sub: string,
    subject: string,
    status: 'succeeded' | 'dead' | 'failed',
    retryAt: number | null = null,
  ) => {
    const d = store.deliveries.dueFor(sub, Number.MAX_SAFE_INTEGER, 100).find((x) => x.subject === subject)!;
    store.transaction(() => store.deliveries.recordAttempt(d, { status, nextAttemptAt: retryAt, record: record(T) }));
    return d;
  };
  return { store, event, due, finish, record };
}

/** The statements a call runs, with their parameters, to ask the driver's planner about them. */
export function recorded(db: SqlDb): { db: SqlDb; statements: [string, SqlValue[]][] } {
  const statements: [string, SqlValue[]][] = [];
  const log = <F extends (sql: string, ...p: SqlValue[]) => unknown>(f: F) =>
    ((sql: string, ...p: SqlValue[]) => (statements.push([sql, p]), f(sql, ...p))) as F;
  return { db: { ...db, all: log(db.all), get: log(db.get), run: log(db.run) }, statements };
}
