/**
 * A subscription's optional delivery settings on the wire (docs/api.md#delivery-settings):
 * the request fields (create and PATCH; null turns one off), the response fields
 * (every read shows all of them, null when off) and the mapper.
 */
import { z } from '@hono/zod-openapi';
import { formatSchedule, parseSchedule, SCHEDULE_SYNTAX } from '../core/retry-schedule';
import type { DeliverySettings } from '../storage/subscription-settings';

export const MAX_HEADERS = 20;
export const TIMEOUT_BOUNDS_MS = { min: 100, max: 120_000 } as const;
const MAX_RATE_PER_S = 1000;
const MAX_COOLDOWN_S = 86_400;

/**
 * Headers a subscription may not set: the Standard Webhooks set (the signature's), the
 * ones the relay decides (body type, agent, length, host) and hop-by-hop connection headers.
 */
export const RESERVED_HEADERS: readonly string[] = [
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'host',
  'content-length',
  'content-type',
  'user-agent',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-connection',
];

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible characters, spaces and tabs; never a line break (which would inject another header).
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Why a header name is refused (null: allowed). */
function nameProblem(name: string): string | null {
  if (name.length > 100 || !TOKEN.test(name)) return "expected a header name (letters, digits and !#$%&'*+.^_`|~-)";
  if (RESERVED_HEADERS.includes(name.toLowerCase())) return 'this header is set by the relay';
  return null;
}

const Headers = z
  .record(
    z.string(),
    z.string().max(2048).regex(VALUE, 'expected a header value without control characters or line breaks'),
  )
  // Checked here rather than as the key's schema, so each refusal says why (a key schema only says "invalid key").
  .superRefine((h, ctx) => {
    const names = Object.keys(h);
    if (names.length > MAX_HEADERS)
      ctx.addIssue({ code: 'custom', message: `expected at most ${MAX_HEADERS} headers` });
    if (new Set(names.map((k) => k.toLowerCase())).size !== names.length)
      ctx.addIssue({ code: 'custom', message: 'expected each header name once (names are case-insensitive)' });
    for (const name of names) {
      const problem = nameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
    }
  })
  .openapi({
    description: `Static request headers sent on every attempt (at most ${MAX_HEADERS}). Not allowed: ${RESERVED_HEADERS.join(', ')}.`,
    example: { Authorization: 'Bearer receiver-token' },
  });

const RateLimit = z.strictObject({
  per_second: z
    .number()
    .positive()
    .max(MAX_RATE_PER_S)
    .openapi({ description: 'Attempts started per second at most (a fraction paces slower: 0.5 = one every 2 s).' }),
});

const RetrySchedule = z
  .string()
  .max(1000)
  .refine((v) => {
    const ms = parseSchedule(v);
    return ms !== null && ms.length <= 100;
  }, `${SCHEDULE_SYNTAX} (at most 100)`)
  .openapi({
    description: 'The delays between attempts, replacing SITEWIRE_RETRY_SCHEDULE for this subscription.',
    example: '1s,10s,1m',
  });

const TimeoutMs = z
  .number()
  .int()
  .min(TIMEOUT_BOUNDS_MS.min)
  .max(TIMEOUT_BOUNDS_MS.max)
  .openapi({ description: 'Per-attempt timeout, replacing SITEWIRE_DELIVERY_TIMEOUT_MS for this subscription.' });

const Circuit = z
  .strictObject({
    failures: z.number().int().min(1).max(1000),
    cooldown_s: z.number().int().min(1).max(MAX_COOLDOWN_S),
  })
  .openapi({
    description:
      'After `failures` consecutive failed attempts no attempt is made for `cooldown_s`; then one probe attempt decides (success closes the circuit, failure opens it again).',
  });

/** Request fields, spread into the create and PATCH schemas. */
export const SETTINGS_INPUT = {
  headers: Headers.nullable().optional(),
  rate_limit: RateLimit.nullable().optional(),
  retry_schedule: RetrySchedule.nullable().optional(),
  timeout_ms: TimeoutMs.nullable().optional(),
  circuit: Circuit.nullable().optional(),
};

/** Response fields, spread into the Subscription schema. */
export const SETTINGS_OUTPUT = {
  headers: z.record(z.string(), z.string()).nullable(),
  rate_limit: z.object({ per_second: z.number() }).nullable(),
  retry_schedule: z.string().nullable().openapi({ description: 'null: SITEWIRE_RETRY_SCHEDULE applies.' }),
  timeout_ms: z.number().nullable().openapi({ description: 'null: SITEWIRE_DELIVERY_TIMEOUT_MS applies.' }),
  circuit: z.object({ failures: z.number(), cooldown_s: z.number() }).nullable(),
  circuit_open_until: z
    .string()
    .nullable()
    .openapi({ description: 'Set while the circuit is open: no attempt before then, then one probe.' }),
  consecutive_failures: z.number().openapi({ description: 'Failed attempts since the last success.' }),
};

export const settingsToJson = (s: DeliverySettings) => ({
  headers: s.headers,
  rate_limit: s.rateLimit && { per_second: s.rateLimit.perSecond },
  retry_schedule: s.retryScheduleMs && formatSchedule(s.retryScheduleMs),
  timeout_ms: s.timeoutMs,
  circuit: s.circuit && { failures: s.circuit.failures, cooldown_s: s.circuit.cooldownS },
});
