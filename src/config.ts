/**
 * Environment -> typed configuration (docs/configuration.md). A bad value fails with one
 * line naming the variable; both runtimes read their env through this.
 */
import { z } from 'zod';
import { parseDuration } from './core/duration';
import type { RateLimit } from './core/rate-budget';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  warpweb: { apiUrl: string; apiKey: string | undefined; webhookSecrets: string[]; legacySignatures: boolean; rateLimits: RateLimit[] };
  lindo: { apiUrl: string; apiKey: string | undefined; webhookToken: string | undefined; rateLimits: RateLimit[] };
  pollIntervalMs: number;
  pollSafetyMs: number;
  pollTimeoutMs: number;
  watchDeadlineS: number;
  retryScheduleMs: number[];
  deliveryTimeoutMs: number;
  allowPrivateTargets: boolean;
  sseHeartbeatMs: number;
  sseMaxBufferBytes: number;
  retentionDays: number;
  maxBodyBytes: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The longest delay a timer takes (setTimeout, setInterval; AbortSignal.timeout throws past 2^32-1). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The longest a watch may run: the API's own bound on deadline_s. */
export const MAX_WATCH_DEADLINE_S = 30 * 86_400;

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().min(min).max(max));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));
const secretList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string()).min(1, 'expected at least one secret'));
const schedule = z.string().transform((v, ctx) => {
  const parts = v.split(',').map((p) => p.trim());
  const ms = parts.map(parseDuration);
  if (parts.length === 0 || ms.some((x) => x === null || x <= 0)) {
    ctx.addIssue({ code: 'custom', message: 'expected durations like 5s,30s,2m,1h' });
    return z.NEVER;
  }
  return ms as number[];
});

/** `30/1m` or `100/1m,1000/1h`: a provider key's documented request limits. */
const rateLimits = z.string().transform((v, ctx) => {
  const out: RateLimit[] = [];
  for (const part of v.split(',').map((p) => p.trim())) {
    const m = /^(\d+)\/(.+)$/.exec(part);
    const windowMs = m ? parseDuration(m[2]!) : null;
    if (!m || windowMs === null || windowMs <= 0 || Number(m[1]) < 3) {
      ctx.addIssue({ code: 'custom', message: 'expected limits like 30/1m or 100/1m,1000/1h (at least 3 per window)' });
      return z.NEVER;
    }
    out.push({ limit: Number(m[1]), windowMs });
  }
  return out;
});

const env = z.object({
  PORT: int(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  SITEWIRE_DB: z.string().min(1).default('./data/sitewire.db'),
  // A bearer token cannot hold spaces: such a token could never be presented.
  SITEWIRE_ADMIN_TOKEN: z.string().min(16, 'expected at least 16 characters').regex(/^\S+$/, 'expected no spaces').optional(),
  SITEWIRE_PUBLIC_URL: httpUrl.optional(),
  WARPWEB_API_URL: httpUrl.default('https://api.warpweb.ai'),
  WARPWEB_API_KEY: z.string().regex(/^wwk_/, 'expected a key starting with wwk_').optional(),
  WARPWEB_WEBHOOK_SECRET: secretList.optional(),
  WARPWEB_LEGACY_SIGNATURES: bool.default(false),
  LINDO_API_URL: httpUrl.default('https://api.lindo.ai'),
  LINDO_API_KEY: z.string().regex(/^lindo_sk_/, 'expected a key starting with lindo_sk_').optional(),
  LINDO_WEBHOOK_TOKEN: z.string().min(8, 'expected at least 8 characters').optional(),
  SITEWIRE_POLL_INTERVAL_MS: int(50, MAX_TIMER_MS).default(3000),
  SITEWIRE_POLL_SAFETY_MS: int(50, MAX_TIMER_MS).default(30000),
  SITEWIRE_POLL_TIMEOUT_MS: int(50, MAX_TIMER_MS).default(10000),
  WARPWEB_RATE_LIMIT: rateLimits.default([{ limit: 30, windowMs: 60_000 }]),
  LINDO_RATE_LIMIT: rateLimits.default([{ limit: 100, windowMs: 60_000 }, { limit: 1000, windowMs: 3_600_000 }]),
  SITEWIRE_WATCH_DEADLINE_S: int(1, MAX_WATCH_DEADLINE_S).default(3600),
  SITEWIRE_RETRY_SCHEDULE: schedule.default([5e3, 30e3, 120e3, 600e3, 1800e3, 3600e3, 10800e3, 21600e3, 43200e3, 86400e3]),
  SITEWIRE_DELIVERY_TIMEOUT_MS: int(1, MAX_TIMER_MS).default(10000),
  SITEWIRE_ALLOW_PRIVATE_TARGETS: bool.default(false),
  SITEWIRE_SSE_HEARTBEAT_MS: int(10, MAX_TIMER_MS).default(15000),
  SITEWIRE_SSE_MAX_BUFFER_BYTES: int(4096).default(1048576),
  SITEWIRE_RETENTION_DAYS: z.string().regex(/^\d+(\.\d+)?$/, 'expected a number of days').transform(Number).pipe(z.number().positive()).default(7),
  SITEWIRE_MAX_BODY_BYTES: int(1024).default(1048576),
  SITEWIRE_LOG: z.enum(LOG_LEVELS).default('info'),
});

/** Values never echoed in the start-up error line (logs must not carry secrets). */
const SECRETS = new Set(['SITEWIRE_ADMIN_TOKEN', 'WARPWEB_API_KEY', 'WARPWEB_WEBHOOK_SECRET', 'LINDO_API_KEY', 'LINDO_WEBHOOK_TOKEN']);

const shown = (name: string, value: string | undefined): string =>
  SECRETS.has(name) ? `${value?.length ?? 0} characters` : JSON.stringify(value ?? '');

export function loadConfig(source: Record<string, unknown>): Config {
  // Unset and empty mean the same; non-string bindings (Workers objects) are not config.
  const raw: Record<string, string> = {};
  for (const key of Object.keys(env.shape)) {
    const v = source[key];
    if (typeof v === 'string' && v !== '') raw[key] = v;
  }
  const parsed = env.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(`invalid configuration: ${name}: ${issue.message} (got ${shown(name, raw[name])})`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.SITEWIRE_DB,
    adminToken: e.SITEWIRE_ADMIN_TOKEN,
    publicUrl: e.SITEWIRE_PUBLIC_URL,
    warpweb: {
      apiUrl: e.WARPWEB_API_URL,
      apiKey: e.WARPWEB_API_KEY,
      webhookSecrets: e.WARPWEB_WEBHOOK_SECRET ?? [],
      legacySignatures: e.WARPWEB_LEGACY_SIGNATURES,
      rateLimits: e.WARPWEB_RATE_LIMIT,
    },
    lindo: { apiUrl: e.LINDO_API_URL, apiKey: e.LINDO_API_KEY, webhookToken: e.LINDO_WEBHOOK_TOKEN, rateLimits: e.LINDO_RATE_LIMIT },
    pollIntervalMs: e.SITEWIRE_POLL_INTERVAL_MS,
    pollSafetyMs: e.SITEWIRE_POLL_SAFETY_MS,
    pollTimeoutMs: e.SITEWIRE_POLL_TIMEOUT_MS,
    watchDeadlineS: e.SITEWIRE_WATCH_DEADLINE_S,
    retryScheduleMs: e.SITEWIRE_RETRY_SCHEDULE,
    deliveryTimeoutMs: e.SITEWIRE_DELIVERY_TIMEOUT_MS,
    allowPrivateTargets: e.SITEWIRE_ALLOW_PRIVATE_TARGETS,
    sseHeartbeatMs: e.SITEWIRE_SSE_HEARTBEAT_MS,
    sseMaxBufferBytes: e.SITEWIRE_SSE_MAX_BUFFER_BYTES,
    retentionDays: e.SITEWIRE_RETENTION_DAYS,
    maxBodyBytes: e.SITEWIRE_MAX_BODY_BYTES,
    logLevel: e.SITEWIRE_LOG,
  };
}
