/** Reads a webhook body as JSON and checks it against zod schemas, with the errors of docs/api.md#errors. */
import type { z } from 'zod';
import { invalidJson, invalidRequest } from '../core/errors';
import { jsonDepthExceeds, tooDeep } from '../core/json-depth';

// Fatal: a body that is not UTF-8 is refused, never stored with U+FFFD in place of the bytes it had.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function parseJson(body: Uint8Array): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw invalidJson('The request body is not valid UTF-8: JSON must be sent as UTF-8 text.');
  }
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
