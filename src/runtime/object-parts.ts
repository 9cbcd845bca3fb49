/**
 * What every Durable Object built around a relay starts from (the log, each resource shard): its
 * logger, its alarm as the ticker's one timer, its SQLite with a count of the rows written, and the
 * relay dependencies they make. Due work runs only inside alarm(), which workerd awaits, keeps alive
 * and retries if it is cut off; a request never starts it.
 */
import type { Config } from '../config';
import { createLogger } from '../log';
import type { RelayDeps } from '../services/relay';
import { openDurableObjectSql } from '../storage/durable-object';
import { createAlarmTimer } from './alarm-timer';
import type { ObjectState } from './relay-object';

/**
 * An object's requests and alarm share one I/O context, which has at most six
 * outbound connections waiting for response headers; more wait in a queue
 * while their timeouts already run. Delivery attempts keep to four (two per
 * subscription), leaving a connection for each provider's poll.
 */
export const WORKERS_DELIVERY_LIMITS = { global: 4, perSubscription: 2 } as const;

/** `sitewire_sqlite_rows_written_total` of one object, labelled with its name (kept apart by the Worker's /metrics). */
export const rowsWrittenMetric = (object: string, rows: () => number) => () => ({
  name: 'sitewire_sqlite_rows_written_total',
  help: "Rows and index entries this object's SQLite statements wrote since the object started (Workers).",
  type: 'counter' as const,
  samples: [{ labels: { object }, value: rows() }],
});

export function objectParts(ctx: ObjectState, config: Config) {
  const logger = createLogger(config.logLevel);
  const timer = createAlarmTimer(ctx.storage, {
    now: () => Date.now(),
    onError: (err) => logger.error('alarm not set', { error: String(err) }),
  });
  let rowsWritten = 0;
  const deps = {
    config,
    db: openDurableObjectSql(ctx.storage, (rows) => {
      rowsWritten += rows;
    }),
    logger,
    runtime: 'workers',
    arm: timer.arm,
    // Read through Date.now at each call (not a captured reference), so tests can move the clock.
    now: () => Date.now(),
    deliveryLimits: WORKERS_DELIVERY_LIMITS,
  } satisfies Partial<RelayDeps>;
  return {
    logger,
    deps,
    alarm: timer.run,
    /** The object's rows-written metric under its name. */
    rowsMetric: (object: string) => rowsWrittenMetric(object, () => rowsWritten),
  };
}
