/** Reads a webhook body as JSON and checks it against zod schemas, with the errors of docs/api.md#errors. */
import type { z } from 'zod';
import { fromUtf8 } from '../core/bytes';
import { invalidJson, invalidRequest } from '../core/errors';
import { jsonDepthExceeds, tooDeep } from '../core/json-depth';

export function parseJson(body: Uint8Array): unknown {
  const text = fromUtf8(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  // The raw body is kept in the event: it must serialize again.
  if (jsonDepthExceeds(text)) throw tooDeep();
  return value;
}

export function validate<S extends z.ZodType>(value: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error.issues);
  return result.data;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
