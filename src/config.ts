/**
 * Environment -> typed configuration (docs/configuration.md). A bad value fails with one
 * line naming the variable; both runtimes read their env through this.
 */
import { z } from 'zod';
import { parseSchedule, SCHEDULE_SYNTAX } from './core/retry-schedule';
import { bool, ConfigError, httpUrl, int, parseEnv } from './env-values';

export { ConfigError };
import { PROVIDERS, type ProviderSettings } from './providers';
import type { EnvVars } from './providers/provider-env';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The relay's own settings; each provider adds its own under its name (ProviderSettings). */
export interface Config extends ProviderSettings {
  port: number;
  host: string;
  dbPath: string;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  pollIntervalMs: number;
  pollSafetyMs: number;
  pollTimeoutMs: number;
  watchDeadlineS: number;
  pauseCheckS: number;
  retryScheduleMs: number[];
  deliveryTimeoutMs: number;
  allowPrivateTargets: boolean;
  sseHeartbeatMs: number;
  sseMaxBufferBytes: number;
  retentionDays: number;
  maxBodyBytes: number;
  logLevel: LogLevel;
}

/** The longest delay a timer takes (setTimeout, setInterval; AbortSignal.timeout throws past 2^32-1). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The longest a watch may run: the API's own bound on deadline_s. */
export const MAX_WATCH_DEADLINE_S = 30 * 86_400;

const schedule = z.string().transform((v, ctx) => {
  const ms = parseSchedule(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: SCHEDULE_SYNTAX });
    return z.NEVER;
  }
  return ms;
});

const coreVars = {
  PORT: int(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  SITEWIRE_DB: z.string().min(1).default('./data/sitewire.db'),
  // A bearer token cannot hold spaces: such a token could never be presented.
  SITEWIRE_ADMIN_TOKEN: z
    .string()
    .min(16, 'expected at least 16 characters')
    .regex(/^\S+$/, 'expected no spaces')
    .optional(),
  SITEWIRE_PUBLIC_URL: httpUrl.optional(),
  SITEWIRE_POLL_INTERVAL_MS: int(50, MAX_TIMER_MS).default(3000),
  SITEWIRE_POLL_SAFETY_MS: int(50, MAX_TIMER_MS).default(30000),
  SITEWIRE_POLL_TIMEOUT_MS: int(50, MAX_TIMER_MS).default(10000),
  SITEWIRE_WATCH_DEADLINE_S: int(1, MAX_WATCH_DEADLINE_S).default(3600),
  // Free-tier pause checks of finished Warpweb sites: at least every 6 hours by default, at most once a second.
  SITEWIRE_PAUSE_CHECK_S: int(1, Math.floor(MAX_TIMER_MS / 1000)).default(21600),
  SITEWIRE_RETRY_SCHEDULE: schedule.default([
    5e3, 30e3, 120e3, 600e3, 1800e3, 3600e3, 10800e3, 21600e3, 43200e3, 86400e3,
  ]),
  SITEWIRE_DELIVERY_TIMEOUT_MS: int(1, MAX_TIMER_MS).default(10000),
  SITEWIRE_ALLOW_PRIVATE_TARGETS: bool.default(false),
  SITEWIRE_SSE_HEARTBEAT_MS: int(10, MAX_TIMER_MS).default(15000),
  SITEWIRE_SSE_MAX_BUFFER_BYTES: int(4096).default(1048576),
  SITEWIRE_RETENTION_DAYS: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'expected a number of days')
    .transform(Number)
    .pipe(z.number().positive())
    .default(7),
  SITEWIRE_MAX_BODY_BYTES: int(1024).default(1048576),
  SITEWIRE_LOG: z.enum(LOG_LEVELS).default('info'),
};

// Each provider's variables join the relay's: one parse, one line for the first bad value.
const providerVars: EnvVars = Object.assign({}, ...PROVIDERS.map((p) => p.env.vars));
const env = z.object({ ...coreVars, ...providerVars });

/** Values never echoed in the start-up error line (logs must not carry secrets). */
const SECRETS = new Set(['SITEWIRE_ADMIN_TOKEN', ...PROVIDERS.flatMap((p) => p.env.secrets)]);

const shown = (name: string, value: string | undefined): string =>
  SECRETS.has(name) ? `${value?.length ?? 0} characters` : JSON.stringify(value ?? '');

export function loadConfig(source: Record<string, unknown>): Config {
  const e = parseEnv(env, source, shown).values;
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.SITEWIRE_DB,
    adminToken: e.SITEWIRE_ADMIN_TOKEN,
    publicUrl: e.SITEWIRE_PUBLIC_URL,
    pollIntervalMs: e.SITEWIRE_POLL_INTERVAL_MS,
    pollSafetyMs: e.SITEWIRE_POLL_SAFETY_MS,
    pollTimeoutMs: e.SITEWIRE_POLL_TIMEOUT_MS,
    watchDeadlineS: e.SITEWIRE_WATCH_DEADLINE_S,
    pauseCheckS: e.SITEWIRE_PAUSE_CHECK_S,
    retryScheduleMs: e.SITEWIRE_RETRY_SCHEDULE,
    deliveryTimeoutMs: e.SITEWIRE_DELIVERY_TIMEOUT_MS,
    allowPrivateTargets: e.SITEWIRE_ALLOW_PRIVATE_TARGETS,
    sseHeartbeatMs: e.SITEWIRE_SSE_HEARTBEAT_MS,
    sseMaxBufferBytes: e.SITEWIRE_SSE_MAX_BUFFER_BYTES,
    retentionDays: e.SITEWIRE_RETENTION_DAYS,
    maxBodyBytes: e.SITEWIRE_MAX_BODY_BYTES,
    logLevel: e.SITEWIRE_LOG,
    ...(Object.fromEntries(PROVIDERS.map((p) => [p.name, p.env.settings(e)])) as ProviderSettings),
  };
}
