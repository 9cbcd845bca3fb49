/** Reads a webhook body as JSON and checks it against zod schemas, with the errors of SPEC §2. */
import type { z } from 'zod';
import { fromUtf8 } from '../core/bytes';
import { invalidJson, invalidRequest } from '../core/errors';

export function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(fromUtf8(body));
  } catch {
    throw invalidJson();
  }
}

export function validate<S extends z.ZodType>(value: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error.issues);
  return result.data;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
