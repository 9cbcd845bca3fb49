/** The zod parsers environment values share: core settings and each provider's own variables. */
import { z } from 'zod';
import { parseDuration } from './core/duration';
import type { RateLimit } from './core/rate-budget';

/** A bad environment value: its message is the one line printed at start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the variables a schema names (unset and empty alike; non-string bindings such as Workers
 * objects are not configuration) and parses them, or throws one line naming the first bad one.
 * `shown` renders the refused value (secrets say only their length).
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  source: Record<string, unknown>,
  shown: (name: string, value: string | undefined) => string = (_name, value) => JSON.stringify(value ?? ''),
): { values: z.output<S>; raw: Record<string, string> } {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = source[key];
    if (typeof v === 'string' && v !== '') raw[key] = v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(`invalid configuration: ${name}: ${issue.message} (got ${shown(name, raw[name])})`);
  }
  return { values: parsed.data, raw };
}

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().min(min).max(max));

export const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

/** `a, b`: several secrets at once, for rotation. */
export const secretList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1, 'expected at least one secret'));

/** `30/1m` or `100/1m,1000/1h`: a provider key's documented request limits. */
export const rateLimits = z.string().transform((v, ctx) => {
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
