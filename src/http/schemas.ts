/** Request/response schemas shared by routes; the single source of /openapi.json. */
import { z } from '@hono/zod-openapi';
import { parseList } from '../core/filter';
import { parseSequence } from '../core/sequence';
import { filterQueryParam } from './content-filter-schema';
import { EventDataSchema } from './event-data-schema';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

/** A JSON response (or request) content of `schema`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A route's required JSON body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** The `{id}` of a path. */
export const IdParam = z.object({ id: z.string().max(100) });

/** `limit` as a query parameter. */
export const limitParam = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .optional()
    .transform((v) => v ?? fallback)
    .openapi({ type: 'string', description: `1-${max}, default ${fallback}.` });

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: `Error (${s})`, content: { 'application/json': { schema: ErrorSchema } } }]),
  );

/** A position as the relay shows it: 20 digits, zero-padded, so string order is numeric order. */
export const SequenceSchema = z
  .string()
  .regex(/^\d{20}$/)
  .openapi('Sequence', { example: '00000000000000000042', description: 'A 20-digit zero-padded event sequence.' });

export const EventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string(),
    source: z.string(),
    type: z.string(),
    subject: z.string(),
    time: z.string(),
    datacontenttype: z.literal('application/json'),
    sequence: SequenceSchema,
    traceparent: z.string().optional().openapi({
      description: 'W3C trace context of the ingest request or poll that produced the event; sent on every delivery.',
      example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    }),
    data: EventDataSchema,
  })
  .openapi('Event');

const MAX_LIST = 50;
/** A list filter given as `a,b` or repeated parameters. */
const listParam = (description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => parseList(v === undefined ? undefined : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().max(300)).max(MAX_LIST).optional())
    .openapi({ type: 'string', description });

export const FilterQuery = z.object({
  types: listParam('Event types, comma-separated; `site.*` matches a prefix.'),
  providers: listParam('Providers, comma-separated (warpweb, lindo).'),
  resources: listParam('Subjects, comma-separated (warpweb/site/<id>).'),
  filter: filterQueryParam,
});

/** A position given by a client, padded or not (docs/events.md#the-event). */
export const sequenceParam = z.string().transform((s, ctx) => {
  const seq = parseSequence(s);
  if (seq === null) {
    ctx.addIssue({ code: 'custom', message: 'expected an event sequence number' });
    return z.NEVER;
  }
  return seq;
});

/** Stream routes take the admin bearer token or a stream token (typed once: a literal union confuses route typing). */
export const STREAM_SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { streamToken: [] }];
export const ADMIN_SECURITY: Record<string, string[]>[] = [{ bearer: [] }];
/** Ingest (verified by the provider's own signature or token), health, the dashboard and this document. */
export const NO_SECURITY: Record<string, string[]>[] = [];
